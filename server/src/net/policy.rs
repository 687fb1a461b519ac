//! The rule every outbound request obeys: http or https only, allowed ports only, and (unless
//! private networks are allowed) only public addresses. Pure; the resolver, the clients and the
//! browser's proxy apply it.

use super::address::{AddressClass, classify};
use reqwest::Url;
use std::net::{IpAddr, SocketAddr};

/// `PROSPECTA_PRIVATE_NETWORKS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrivateNetworks {
    /// Loopback and private addresses are reachable: the sandbox (its simulated web is on
    /// loopback) and tests serving pages on 127.0.0.1.
    Allow,
    /// Only public addresses (production default).
    Deny,
}

/// Which destination ports are allowed (`PROSPECTA_ALLOWED_PORTS`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowedPorts {
    Any,
    Only(Vec<u16>),
}

impl AllowedPorts {
    pub fn allows(&self, port: u16) -> bool {
        match self {
            AllowedPorts::Any => true,
            AllowedPorts::Only(ports) => ports.contains(&port),
        }
    }

    fn describe(&self) -> String {
        match self {
            AllowedPorts::Any => "tous".into(),
            AllowedPorts::Only(ports) => ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", "),
        }
    }
}

/// The policy of this process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetPolicy {
    pub private_networks: PrivateNetworks,
    pub ports: AllowedPorts,
    /// Exact `ip:port` destinations reachable whatever their class. Empty in production; a test
    /// uses it to serve an allowed first hop on a loopback address while every other loopback
    /// address stays refused.
    pub exempt: Vec<SocketAddr>,
}

/// Why a request was refused (or could not be checked). Messages are French: they reach the
/// CLI's JSON and the product's statuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    #[error("adresse invalide : « {0} »")]
    InvalidUrl(String),
    #[error("protocole « {0} » refusé : seuls http et https sont permis")]
    Scheme(String),
    #[error("port {port} refusé (ports permis : {allowed})")]
    Port { port: u16, allowed: String },
    #[error("« {host} » est interdit : nom local de cette machine")]
    LocalName { host: String },
    #[error("{}", forbidden_message(host, ip, class))]
    Forbidden { host: String, ip: IpAddr, class: AddressClass },
}

fn forbidden_message(host: &str, ip: &IpAddr, class: &AddressClass) -> String {
    let literal = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().is_ok();
    let what = if literal { format!("{ip} est") } else { format!("« {host} » mène à {ip},") };
    format!("{what} une adresse {} : les réseaux privés sont interdits", class.label_fr())
}

impl NetError {
    /// A refusal by the policy (as opposed to a URL that could not be read at all).
    pub fn is_refusal(&self) -> bool {
        !matches!(self, NetError::InvalidUrl(_))
    }
}

impl NetPolicy {
    /// Production: public addresses on ports 80 and 443 only.
    pub fn production() -> Self {
        NetPolicy { private_networks: PrivateNetworks::Deny, ports: AllowedPorts::Only(vec![80, 443]), exempt: vec![] }
    }

    /// The sandbox and tests serving pages on loopback: every address, every port.
    pub fn permissive() -> Self {
        NetPolicy { private_networks: PrivateNetworks::Allow, ports: AllowedPorts::Any, exempt: vec![] }
    }

    /// Reads `PROSPECTA_PRIVATE_NETWORKS` (`allow`|`deny`) and `PROSPECTA_ALLOWED_PORTS`
    /// (comma-separated ports, or `*`); unset, the mode decides: production denies private
    /// networks and allows 80 and 443, the sandbox allows everything.
    pub fn from_values(production: bool, private: Option<&str>, ports: Option<&str>) -> Result<Self, String> {
        let defaults = if production { NetPolicy::production() } else { NetPolicy::permissive() };
        let private_networks = match private.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") => defaults.private_networks,
            Some("allow") => PrivateNetworks::Allow,
            Some("deny") => PrivateNetworks::Deny,
            Some(other) => return Err(format!("PROSPECTA_PRIVATE_NETWORKS : « {other} » (allow ou deny attendu)")),
        };
        let ports = match ports.map(str::trim) {
            None | Some("") => defaults.ports,
            Some("*") => AllowedPorts::Any,
            Some(list) => AllowedPorts::Only(
                list.split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| {
                        p.parse::<u16>().ok().filter(|&n| n > 0).ok_or_else(|| {
                            format!("PROSPECTA_ALLOWED_PORTS : « {p} » n'est pas un port (liste 80,443 ou *)")
                        })
                    })
                    .collect::<Result<_, _>>()?,
            ),
        };
        Ok(NetPolicy { private_networks, ports, exempt: vec![] })
    }

    /// [`NetPolicy::from_values`] from the environment.
    pub fn from_env(production: bool) -> Result<Self, String> {
        let var = |name| std::env::var(name).ok();
        Self::from_values(
            production,
            var("PROSPECTA_PRIVATE_NETWORKS").as_deref(),
            var("PROSPECTA_ALLOWED_PORTS").as_deref(),
        )
    }

    pub fn allows_private(&self) -> bool {
        self.private_networks == PrivateNetworks::Allow
    }

    /// Whether connecting to `addr` (reached for `host`) is allowed.
    pub fn check_addr(&self, host: &str, addr: SocketAddr) -> Result<(), NetError> {
        if self.allows_private() || self.exempt.contains(&addr) {
            return Ok(());
        }
        match classify(addr.ip()) {
            AddressClass::Public => Ok(()),
            class => Err(NetError::Forbidden { host: host.to_string(), ip: addr.ip(), class }),
        }
    }

    /// Checks what can be checked without resolving: the scheme, the port, an IP-literal host
    /// (a client connects to it without asking any resolver) and `localhost` names. Host names
    /// are checked once resolved (see [`super::GuardedResolver`]). Returns the parsed URL.
    pub fn check_url(&self, url: &str) -> Result<Url, NetError> {
        let parsed = Url::parse(url.trim()).map_err(|_| NetError::InvalidUrl(url.to_string()))?;
        self.check_parsed(&parsed)?;
        Ok(parsed)
    }

    /// [`NetPolicy::check_url`] on a parsed URL (a redirect's target).
    pub fn check_parsed(&self, url: &Url) -> Result<(), NetError> {
        let scheme = url.scheme();
        if scheme != "http" && scheme != "https" {
            return Err(NetError::Scheme(scheme.to_string()));
        }
        let port = url.port_or_known_default().ok_or_else(|| NetError::InvalidUrl(url.to_string()))?;
        self.check_target(url.host_str().unwrap_or(""), port)
    }

    /// The part of the checks shared with the browser's proxy (`CONNECT host:port`).
    pub fn check_target(&self, host: &str, port: u16) -> Result<(), NetError> {
        if !self.ports.allows(port) {
            return Err(NetError::Port { port, allowed: self.ports.describe() });
        }
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        if bare.is_empty() {
            return Err(NetError::InvalidUrl(host.to_string()));
        }
        if let Ok(ip) = bare.parse::<IpAddr>() {
            return self.check_addr(host, SocketAddr::new(ip, port));
        }
        let name = bare.trim_end_matches('.').to_ascii_lowercase();
        if !self.allows_private() && (name == "localhost" || name.ends_with(".localhost")) {
            return Err(NetError::LocalName { host: host.to_string() });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_refuses_schemes_ports_literals_and_localhost() {
        let p = NetPolicy::production();
        assert!(p.check_url("https://www.plomberie-dupont.fr/contact").is_ok());
        assert!(p.check_url("http://8.8.8.8/").is_ok());
        assert!(matches!(p.check_url("ftp://x.fr/"), Err(NetError::Scheme(s)) if s == "ftp"));
        assert!(matches!(p.check_url("file:///etc/passwd"), Err(NetError::Scheme(_))));
        assert!(matches!(p.check_url("http://x.fr:8080/"), Err(NetError::Port { port: 8080, .. })));
        assert!(matches!(p.check_url("https://x.fr:22/"), Err(NetError::Port { port: 22, .. })));
        for url in [
            "http://127.0.0.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.1/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[64:ff9b::a9fe:a9fe]/",
            // The URL parser reads these old IPv4 notations as 127.0.0.1.
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0/",
        ] {
            assert!(matches!(p.check_url(url), Err(NetError::Forbidden { .. })), "{url}");
        }
        assert!(matches!(p.check_url("http://localhost/"), Err(NetError::LocalName { .. })));
        assert!(matches!(p.check_url("http://a.localhost./"), Err(NetError::LocalName { .. })));
        assert!(matches!(p.check_url("pas une url"), Err(NetError::InvalidUrl(_))));
    }

    #[test]
    fn refusals_say_why_in_french() {
        let p = NetPolicy::production();
        let e = p.check_url("http://169.254.169.254/").unwrap_err();
        assert_eq!(e.to_string(), "169.254.169.254 est une adresse de lien local : les réseaux privés sont interdits");
        assert_eq!(p.check_url("http://x.fr:81/").unwrap_err().to_string(), "port 81 refusé (ports permis : 80, 443)");
        let by_name = NetError::Forbidden {
            host: "intranet.dupont.fr".into(),
            ip: "10.0.0.5".parse().unwrap(),
            class: AddressClass::Private,
        };
        assert_eq!(
            by_name.to_string(),
            "« intranet.dupont.fr » mène à 10.0.0.5, une adresse de réseau privé : les réseaux privés sont interdits"
        );
    }

    #[test]
    fn permissive_allows_loopback_but_not_other_schemes() {
        let p = NetPolicy::permissive();
        assert!(p.check_url("http://127.0.0.1:3000/").is_ok());
        assert!(p.check_url("http://localhost:8080/").is_ok());
        assert!(matches!(p.check_url("gopher://127.0.0.1/"), Err(NetError::Scheme(_))));
    }

    #[test]
    fn exemptions_are_exact() {
        let allowed: SocketAddr = "127.0.0.2:4000".parse().unwrap();
        let p = NetPolicy { exempt: vec![allowed], ports: AllowedPorts::Any, ..NetPolicy::production() };
        assert!(p.check_url("http://127.0.0.2:4000/").is_ok());
        assert!(p.check_url("http://127.0.0.2:4001/").is_err());
        assert!(p.check_url("http://127.0.0.1:4000/").is_err());
    }

    #[test]
    fn configuration_values() {
        assert_eq!(NetPolicy::from_values(true, None, None).unwrap(), NetPolicy::production());
        assert_eq!(NetPolicy::from_values(false, None, None).unwrap(), NetPolicy::permissive());
        let p = NetPolicy::from_values(false, Some("deny"), Some("443, 8443")).unwrap();
        assert_eq!(p.private_networks, PrivateNetworks::Deny);
        assert_eq!(p.ports, AllowedPorts::Only(vec![443, 8443]));
        assert_eq!(NetPolicy::from_values(true, Some("ALLOW"), Some("*")).unwrap(), NetPolicy::permissive());
        assert!(NetPolicy::from_values(true, Some("maybe"), None).is_err());
        assert!(NetPolicy::from_values(true, None, Some("80,http")).is_err());
        assert!(NetPolicy::from_values(true, None, Some("0")).is_err());
    }
}
