//! The sandbox's IMAP server: what the product's polling uses of IMAP4rev1 (RFC 3501) —
//! CAPABILITY, LOGIN, SELECT/EXAMINE INBOX, UID FETCH of a UID or `N:*` (UID, RFC822.SIZE,
//! BODY.PEEK[] or BODY.PEEK[HEADER]), NOOP, LOGOUT — over the sandbox mailboxes' rows, and IDLE
//! (RFC 2177), so that a simulated prospect's answer is read within a second, as a real
//! provider's push makes it.

use super::PASSWORD;
use sea_orm::DatabaseConnection;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// How often an IDLE session looks for new rows (the rows may come from another process).
const IDLE_CHECK: std::time::Duration = std::time::Duration::from_millis(500);

pub(super) async fn serve(listener: TcpListener, db: DatabaseConnection) {
    while let Ok((stream, _)) = listener.accept().await {
        let db = db.clone();
        tokio::spawn(async move {
            if let Err(e) = session(stream, db).await {
                tracing::debug!("sandbox IMAP session ended: {e}");
            }
        });
    }
}

/// The words of a command line, quoted strings unquoted (`a1 LOGIN "x@y.fr" "pass"`).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c == ' ' {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut word = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => word.extend(chars.next()),
                    '"' => break,
                    c => word.push(c),
                }
            }
            out.push(word);
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c == ' ' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            out.push(word);
        }
    }
    out
}

/// The UIDs a set names among `uids` (`7`, `5:*`): `N:*` always names the newest message too,
/// as RFC 3501 says of `*`.
fn select(set: &str, uids: &[u32]) -> Vec<u32> {
    match set.split_once(':') {
        Some((from, "*")) => {
            let from: u32 = from.parse().unwrap_or(1);
            let mut picked: Vec<u32> = uids.iter().copied().filter(|u| *u >= from).collect();
            if picked.is_empty() {
                picked.extend(uids.last());
            }
            picked
        }
        _ => set.split(',').filter_map(|u| u.parse().ok()).filter(|u| uids.contains(u)).collect(),
    }
}

async fn session(stream: TcpStream, db: DatabaseConnection) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"* OK [CAPABILITY IMAP4rev1] Prospecta sandbox IMAP ready\r\n").await?;
    let mut login: Option<String> = None;
    // Messages in the inbox when it was selected: IDLE reports any beyond, even those that
    // arrived between the SELECT and the IDLE.
    let mut selected = 0;
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let parts = words(line.trim_end());
        let (Some(tag), Some(command)) = (parts.first(), parts.get(1)) else { continue };
        let command = command.to_ascii_uppercase();
        let mut out: Vec<u8> = Vec::new();
        match command.as_str() {
            "CAPABILITY" => {
                out.extend(format!("* CAPABILITY IMAP4rev1 IDLE\r\n{tag} OK CAPABILITY completed\r\n").bytes())
            }
            "IDLE" => match &login {
                Some(user) => {
                    write.write_all(b"+ idling\r\n").await?;
                    idle(&mut lines, &mut write, &db, user, selected).await?;
                    out.extend(format!("{tag} OK IDLE terminated\r\n").bytes());
                }
                None => out.extend(format!("{tag} NO Not logged in\r\n").bytes()),
            },
            "NOOP" => out.extend(format!("{tag} OK NOOP completed\r\n").bytes()),
            "LOGOUT" => {
                write.write_all(format!("* BYE Logging out\r\n{tag} OK LOGOUT completed\r\n").as_bytes()).await?;
                return Ok(());
            }
            "LOGIN" => match (parts.get(2), parts.get(3)) {
                (Some(user), Some(password)) if password == PASSWORD => {
                    login = Some(user.to_lowercase());
                    out.extend(format!("{tag} OK LOGIN completed\r\n").bytes());
                }
                _ => out.extend(format!("{tag} NO [AUTHENTICATIONFAILED] Authentication failed\r\n").bytes()),
            },
            "SELECT" | "EXAMINE" => match &login {
                Some(user) => {
                    let messages = super::inbox(&db, user).await.map_err(std::io::Error::other)?;
                    let next = messages.last().map_or(1, |(uid, _)| uid + 1);
                    selected = messages.len();
                    out.extend(
                        format!(
                            "* FLAGS (\\Seen)\r\n* {} EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 1] UIDs valid\r\n\
                             * OK [UIDNEXT {next}] Predicted next UID\r\n{tag} OK [READ-ONLY] {command} completed\r\n",
                            messages.len()
                        )
                        .bytes(),
                    );
                }
                None => out.extend(format!("{tag} NO Not logged in\r\n").bytes()),
            },
            "UID" if parts.get(2).is_some_and(|c| c.eq_ignore_ascii_case("FETCH")) => match &login {
                Some(user) => {
                    let messages = super::inbox(&db, user).await.map_err(std::io::Error::other)?;
                    let uids: Vec<u32> = messages.iter().map(|(uid, _)| *uid).collect();
                    let items = parts[4..].join(" ").to_ascii_uppercase();
                    for uid in select(parts.get(3).map_or("", String::as_str), &uids) {
                        let Some(seq) = uids.iter().position(|u| *u == uid) else { continue };
                        let raw = &messages[seq].1;
                        if items.contains("BODY.PEEK[]") || items.contains("BODY[]") {
                            out.extend(format!("* {} FETCH (UID {uid} BODY[] {{{}}}\r\n", seq + 1, raw.len()).bytes());
                            out.extend(raw.as_bytes());
                            out.extend(b")\r\n");
                        } else if items.contains("HEADER") {
                            let header = raw.split("\r\n\r\n").next().unwrap_or_default();
                            let header = format!("{header}\r\n\r\n");
                            out.extend(
                                format!("* {} FETCH (UID {uid} BODY[HEADER] {{{}}}\r\n", seq + 1, header.len()).bytes(),
                            );
                            out.extend(header.as_bytes());
                            out.extend(b")\r\n");
                        } else {
                            out.extend(
                                format!("* {} FETCH (UID {uid} RFC822.SIZE {})\r\n", seq + 1, raw.len()).bytes(),
                            );
                        }
                    }
                    out.extend(format!("{tag} OK UID FETCH completed\r\n").bytes());
                }
                None => out.extend(format!("{tag} NO Not logged in\r\n").bytes()),
            },
            _ => out.extend(format!("{tag} BAD Command not supported\r\n").bytes()),
        }
        write.write_all(&out).await?;
    }
}

/// Waits for the client's `DONE`, saying `* N EXISTS` whenever the inbox grows past `known`.
async fn idle(
    lines: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    write: &mut tokio::net::tcp::OwnedWriteHalf,
    db: &DatabaseConnection,
    user: &str,
    mut known: usize,
) -> std::io::Result<()> {
    // `read_until` keeps what it read when the timer wins the race (`read_line` may not).
    let mut done = Vec::new();
    loop {
        tokio::select! {
            read = lines.read_until(b'\n', &mut done) => {
                if read? == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                if done.ends_with(b"\n") {
                    return Ok(());
                }
            }
            _ = tokio::time::sleep(IDLE_CHECK) => {
                let count = super::inbox_size(db, user).await.map_err(std::io::Error::other)? as usize;
                if count > known {
                    known = count;
                    write.write_all(format!("* {count} EXISTS\r\n").as_bytes()).await?;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_words_and_uid_sets() {
        assert_eq!(
            words(r#"a1 LOGIN "camille@atelier.fr" "bac-a-sable""#),
            ["a1", "LOGIN", "camille@atelier.fr", "bac-a-sable"]
        );
        assert_eq!(words(r#"a2 LOGIN "x\"y" z"#), ["a2", "LOGIN", "x\"y", "z"]);
        assert_eq!(select("5:*", &[2, 5, 9]), [5, 9]);
        assert_eq!(select("10:*", &[2, 5, 9]), [9], "`*` names the newest message");
        assert_eq!(select("5", &[2, 5, 9]), [5]);
        assert_eq!(select("7", &[2, 5, 9]), Vec::<u32>::new());
        assert_eq!(select("1:*", &[]), Vec::<u32>::new());
    }
}
