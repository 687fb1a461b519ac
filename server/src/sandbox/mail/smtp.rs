//! The sandbox's SMTP submission server: EHLO, AUTH PLAIN (any sandbox address, the sandbox
//! password), MAIL, RCPT, DATA, RSET, NOOP, QUIT. What is accepted goes to the simulated
//! prospect it is addressed to.

use super::PASSWORD;
use base64::Engine;
use sea_orm::DatabaseConnection;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A message larger than this is refused (the product's own limit is far below).
const MAX_MESSAGE: usize = 10 * 1024 * 1024;

pub(super) async fn serve(listener: TcpListener, db: DatabaseConnection) {
    while let Ok((stream, _)) = listener.accept().await {
        let db = db.clone();
        tokio::spawn(async move {
            if let Err(e) = session(stream, db).await {
                tracing::debug!("sandbox SMTP session ended: {e}");
            }
        });
    }
}

/// Checks `AUTH PLAIN` credentials: `\0login\0password`, base64.
fn plain_login(encoded: &str) -> Option<String> {
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let parts: Vec<&[u8]> = decoded.split(|b| *b == 0).collect();
    match parts.as_slice() {
        [_, login, password] if *password == PASSWORD.as_bytes() => String::from_utf8(login.to_vec()).ok(),
        _ => None,
    }
}

async fn session(stream: TcpStream, db: DatabaseConnection) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sandbox.prospecta.local ESMTP (bac a sable)\r\n").await?;
    let mut login: Option<String> = None;
    let (mut from, mut to) = (String::new(), Vec::<String>::new());
    let mut line = Vec::new();
    loop {
        line.clear();
        if lines.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let command = String::from_utf8_lossy(&line).trim_end().to_string();
        let upper = command.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250-sandbox.prospecta.local\r\n250-AUTH PLAIN\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n"
        } else if let Some(encoded) = upper.strip_prefix("AUTH PLAIN ").map(|_| &command[11..]) {
            login = plain_login(encoded);
            if login.is_some() {
                b"235 2.7.0 Authentication successful\r\n"
            } else {
                b"535 5.7.8 Authentication failed\r\n"
            }
        } else if upper.starts_with("MAIL FROM:") {
            if login.is_none() {
                b"530 5.7.0 Authentication required\r\n"
            } else {
                from = address_in(&command);
                to.clear();
                b"250 2.1.0 OK\r\n"
            }
        } else if upper.starts_with("RCPT TO:") {
            to.push(address_in(&command));
            b"250 2.1.5 OK\r\n"
        } else if upper == "DATA" {
            write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
            let Some(message) = read_data(&mut lines).await? else {
                write.write_all(b"552 5.3.4 Message too big\r\n").await?;
                continue;
            };
            for recipient in &to {
                if super::mailbox_of(recipient) == super::mailbox_of(&from) {
                    // To oneself (the test of tagged reply addresses): straight to the inbox.
                    if let Err(e) = super::deliver(&db, recipient, &message).await {
                        tracing::warn!("sandbox: a message to {recipient} was lost: {e}");
                    }
                } else {
                    super::prospect::received(&db, &from, recipient, &message).await;
                }
            }
            b"250 2.0.0 Message accepted\r\n"
        } else if upper == "RSET" || upper == "NOOP" {
            b"250 2.0.0 OK\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 2.0.0 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 5.5.2 Command not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}

/// The address between angle brackets of `MAIL FROM:<…>` / `RCPT TO:<…>`.
fn address_in(command: &str) -> String {
    let start = command.find('<').map_or(command.find(':').map_or(0, |c| c + 1), |s| s + 1);
    let rest = &command[start..];
    rest.split(['>', ' ']).next().unwrap_or_default().trim().to_lowercase()
}

/// The message up to the lone dot, dot-unstuffed; `None` past [`MAX_MESSAGE`].
async fn read_data<R: AsyncBufReadExt + Unpin>(lines: &mut R) -> std::io::Result<Option<String>> {
    let mut message = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if lines.read_until(b'\n', &mut line).await? == 0 {
            return Ok(None);
        }
        if line == b".\r\n" || line == b".\n" {
            break;
        }
        let content = if line.starts_with(b"..") { &line[1..] } else { &line[..] };
        message.extend_from_slice(content);
        if message.len() > MAX_MESSAGE {
            return Ok(None);
        }
    }
    Ok(Some(String::from_utf8_lossy(&message).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_envelope_addresses_and_the_plain_login() {
        assert_eq!(address_in("MAIL FROM:<Camille@Atelier.fr> SIZE=120"), "camille@atelier.fr");
        assert_eq!(address_in("RCPT TO:<contact@ets-perrin.fr>"), "contact@ets-perrin.fr");
        let good = base64::engine::general_purpose::STANDARD.encode(format!("\0camille@atelier.fr\0{PASSWORD}"));
        assert_eq!(plain_login(&good).as_deref(), Some("camille@atelier.fr"));
        let bad = base64::engine::general_purpose::STANDARD.encode("\0camille@atelier.fr\0autre");
        assert_eq!(plain_login(&bad), None);
        assert_eq!(plain_login("pas du base64 !"), None);
    }
}
