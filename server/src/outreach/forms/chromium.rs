//! Who Chromium runs as. It opens pages that attackers can choose, so it keeps its own sandbox
//! (renderers in a user namespace under seccomp) and never runs as root: Chromium refuses its
//! sandbox as root, so a root process launches it through a small wrapper that drops to an
//! unprivileged system user (`CHROMIUM_USER`, created by `scripts/lib.sh`) with a clean
//! environment (no secret of ours reaches the browser). A non-root process (a production
//! deployment's service user) launches it directly.

use std::path::{Path, PathBuf};

/// The default unprivileged user.
pub const DEFAULT_USER: &str = "prospecta-chromium";

/// `CHROMIUM_SANDBOX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sandbox {
    /// Chromium's sandbox on (default). Needs unprivileged user namespaces.
    On,
    /// `--no-sandbox`: only for kernels without user namespaces; Chromium still never runs as
    /// root.
    Off,
}

/// How Chromium is started, from `CHROMIUM_SANDBOX` and `CHROMIUM_USER`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChromiumIdentity {
    pub sandbox: Sandbox,
    /// The user a root process drops to.
    pub user: String,
}

impl Default for ChromiumIdentity {
    fn default() -> Self {
        ChromiumIdentity { sandbox: Sandbox::On, user: DEFAULT_USER.into() }
    }
}

impl ChromiumIdentity {
    pub fn from_values(sandbox: Option<&str>, user: Option<&str>) -> Result<Self, String> {
        let sandbox = match sandbox.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") | Some("on") => Sandbox::On,
            Some("off") => Sandbox::Off,
            Some(other) => return Err(format!("CHROMIUM_SANDBOX : « {other} » (on ou off attendu)")),
        };
        let user = user.map(str::trim).filter(|u| !u.is_empty()).unwrap_or(DEFAULT_USER).to_string();
        if user == "root" || user == "0" {
            return Err("CHROMIUM_USER : Chromium ne tourne jamais en root".into());
        }
        Ok(ChromiumIdentity { sandbox, user })
    }

    pub fn from_env() -> Result<Self, String> {
        let var = |name| std::env::var(name).ok();
        Self::from_values(var("CHROMIUM_SANDBOX").as_deref(), var("CHROMIUM_USER").as_deref())
    }
}

/// A system user's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserIds {
    pub uid: u32,
    pub gid: u32,
}

/// The ids of `user` in an `/etc/passwd` text.
pub fn lookup_user(passwd: &str, user: &str) -> Option<UserIds> {
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        if fields.len() < 4 || fields[0] != user {
            return None;
        }
        Some(UserIds { uid: fields[2].parse().ok()?, gid: fields[3].parse().ok()? })
    })
}

/// The effective uid of `pid` (`Uid:` line of `/proc/PID/status`, second field).
pub fn effective_uid(pid: &str) -> Option<u32> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|l| l.strip_prefix("Uid:")).and_then(|ids| ids.split_whitespace().nth(1)?.parse().ok())
}

/// Whether this process runs as root.
pub fn running_as_root() -> bool {
    effective_uid("self") == Some(0)
}

/// What to launch: the program (Chromium or the wrapper) and the user to give the profile to.
pub struct Launch {
    pub program: PathBuf,
    pub owner: Option<UserIds>,
}

/// How to launch `chromium` from this process: directly when not root, else through a wrapper
/// script written at `wrapper` that drops to the identity's user. Errors are French.
pub fn prepare(identity: &ChromiumIdentity, chromium: &Path, wrapper: &Path, home: &Path) -> Result<Launch, String> {
    if !running_as_root() {
        return Ok(Launch { program: chromium.to_path_buf(), owner: None });
    }
    let passwd = std::fs::read_to_string("/etc/passwd").map_err(|e| format!("/etc/passwd illisible : {e}"))?;
    let ids = lookup_user(&passwd, &identity.user).ok_or_else(|| {
        format!(
            "l'utilisateur système « {} » n'existe pas ; Chromium ne tourne jamais en root : créez-le \
             (useradd --system --no-create-home --shell /usr/sbin/nologin {}, ce que fait scripts/lib.sh) \
             ou nommez-en un autre dans CHROMIUM_USER",
            identity.user, identity.user
        )
    })?;
    if ids.uid == 0 {
        return Err(format!("l'utilisateur « {} » a l'uid 0 : Chromium ne tourne jamais en root", identity.user));
    }
    std::fs::write(wrapper, wrapper_script(ids, chromium, home)).map_err(|e| format!("lanceur de Chromium : {e}"))?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(wrapper, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| format!("lanceur de Chromium : {e}"))?;
    Ok(Launch { program: wrapper.to_path_buf(), owner: Some(ids) })
}

/// `sh` quoting.
fn quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// The wrapper: a clean environment (no secret of this process), then `setpriv` drops every
/// privilege to the user's ids and execs Chromium with the arguments headless_chrome gave
/// (same pid, so headless_chrome still reads its DevTools port on stderr and kills it).
fn wrapper_script(ids: UserIds, chromium: &Path, home: &Path) -> String {
    format!(
        "#!/bin/sh\nexec env -i HOME={home} PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
         setpriv --reuid={uid} --regid={gid} --clear-groups --inh-caps=-all -- {chromium} \"$@\"\n",
        home = quote(home),
        uid = ids.uid,
        gid = ids.gid,
        chromium = quote(chromium),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_from_configuration() {
        assert_eq!(ChromiumIdentity::from_values(None, None).unwrap(), ChromiumIdentity::default());
        let off = ChromiumIdentity::from_values(Some("OFF"), Some("chrome")).unwrap();
        assert_eq!(off, ChromiumIdentity { sandbox: Sandbox::Off, user: "chrome".into() });
        assert!(ChromiumIdentity::from_values(Some("peut-être"), None).is_err());
        assert!(ChromiumIdentity::from_values(None, Some("root")).is_err());
    }

    #[test]
    fn users_are_read_from_passwd() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nprospecta-chromium:x:998:997::/nonexistent:/usr/sbin/nologin\n";
        assert_eq!(lookup_user(passwd, "prospecta-chromium"), Some(UserIds { uid: 998, gid: 997 }));
        assert_eq!(lookup_user(passwd, "prospecta"), None);
        assert_eq!(lookup_user("broken", "broken"), None);
    }

    #[test]
    fn the_wrapper_drops_to_the_user_with_a_clean_environment() {
        let script =
            wrapper_script(UserIds { uid: 998, gid: 997 }, Path::new("/usr/bin/chromium"), Path::new("/tmp/p 'x'"));
        assert!(script.contains("env -i HOME='/tmp/p '\\''x'\\'''"), "{script}");
        assert!(script.contains("setpriv --reuid=998 --regid=997 --clear-groups"), "{script}");
        assert!(script.trim_end().ends_with("-- '/usr/bin/chromium' \"$@\""), "{script}");
    }
}
