//! Connections to a client's own mail servers: an authenticated SMTP session to send, an IMAP
//! session to read replies. Every connection goes through the outbound guard (its address
//! checked after resolution, mail ports only), is encrypted unless the server is on this machine
//! or its private network, and fails with a typed reason the settings page can put in French.

use crate::net::{ConnectError, Guard};
use mail_send::SmtpClient;
use mail_send::smtp::AssertReply;
use prospecta_shared::error::ValidationCode;
use prospecta_shared::mailboxes::{MailSecurity, MailServer};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};

/// A connection, encrypted or not: the sessions are written once over both.
pub trait MailStream: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug> MailStream for T {}
pub type Stream = Box<dyn MailStream>;

/// The name we greet servers with (EHLO).
const EHLO_NAME: &str = "mail.prospecta.fr";

/// Why a server could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConnectFailure {
    #[error("adresse refusée : {0}")]
    Forbidden(String),
    #[error("connexion non chiffrée vers une adresse publique")]
    Plaintext,
    #[error("serveur injoignable : {0}")]
    Unreachable(String),
    #[error("connexion chiffrée impossible : {0}")]
    Tls(String),
    #[error("identifiants refusés : {0}")]
    LoginRefused(String),
    #[error("réponse inattendue du serveur : {0}")]
    Protocol(String),
}

impl ConnectFailure {
    /// The code the settings form shows this failure with.
    pub fn code(&self) -> ValidationCode {
        match self {
            ConnectFailure::Forbidden(_) => ValidationCode::MailForbiddenHost,
            ConnectFailure::Plaintext => ValidationCode::MailPlaintext,
            ConnectFailure::Unreachable(_) => ValidationCode::MailUnreachable,
            ConnectFailure::Tls(_) => ValidationCode::MailTls,
            ConnectFailure::LoginRefused(_) => ValidationCode::MailLoginRefused,
            ConnectFailure::Protocol(_) => ValidationCode::MailProtocol,
        }
    }
}

/// The login and password of the mailbox.
#[derive(Clone, Copy)]
pub struct Credentials<'a> {
    pub login: &'a str,
    pub password: &'a str,
}

/// A TCP connection to `server` through the guard; a connection that stays unencrypted only to
/// a loopback or private address.
async fn connect(guard: &Guard, server: &MailServer) -> Result<tokio::net::TcpStream, ConnectFailure> {
    let (tcp, addr) = guard.connect_mail(server.host.as_str(), server.port).await.map_err(|e| match e {
        ConnectError::Refused(refused) => ConnectFailure::Forbidden(refused.to_string()),
        ConnectError::Resolve(why) | ConnectError::Connect(why) => ConnectFailure::Unreachable(why),
    })?;
    if server.security == MailSecurity::Plain && crate::net::classify(addr.ip()).is_public() {
        return Err(ConnectFailure::Plaintext);
    }
    Ok(tcp)
}

/// Wraps a connection in TLS, the server's certificate checked against the system's roots.
async fn tls(tcp: tokio::net::TcpStream, server: &MailServer, timeout: Duration) -> Result<Stream, ConnectFailure> {
    // Installed at start-up by the binary; a test process may not have done it.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let connector = mail_send::smtp::tls::build_tls_connector(false).map_err(ConnectFailure::Tls)?;
    let name = rustls::pki_types::ServerName::try_from(server.host.as_str().to_string())
        .map_err(|e| ConnectFailure::Tls(e.to_string()))?;
    match tokio::time::timeout(timeout, connector.connect(name, tcp)).await {
        Ok(Ok(stream)) => Ok(Box::new(stream)),
        Ok(Err(e)) => Err(ConnectFailure::Tls(e.to_string())),
        Err(_) => Err(ConnectFailure::Unreachable("délai dépassé pendant la négociation TLS".into())),
    }
}

/// An authenticated SMTP session.
pub struct SmtpSession {
    client: SmtpClient<Stream>,
}

/// Why a message was not taken by the server.
#[derive(Debug, thiserror::Error)]
pub enum SendFailure {
    /// A 5xx answer to the sender, the recipient or the message: sending it again changes
    /// nothing.
    #[error("refusé par le serveur d'envoi : {0}")]
    Rejected(String),
    /// A 4xx answer, or the connection lost before the server said anything about the
    /// message's data: whether it left is unknown only in the second case (see the caller).
    #[error("échec temporaire : {0}")]
    Temporary(String),
}

impl SmtpSession {
    /// Connects, secures and authenticates.
    pub async fn open(
        guard: &Guard,
        server: &MailServer,
        credentials: Credentials<'_>,
        timeout: Duration,
    ) -> Result<SmtpSession, ConnectFailure> {
        let tcp = connect(guard, server).await?;
        let mut client: SmtpClient<Stream> = match server.security {
            MailSecurity::Tls => {
                let mut client = SmtpClient { stream: tls(tcp, server, timeout).await?, timeout };
                greeting(&mut client).await?;
                client
            }
            MailSecurity::StartTls => {
                let mut plain = SmtpClient { stream: tcp, timeout };
                greeting(&mut plain).await?;
                let ehlo = plain.ehlo(EHLO_NAME).await.map_err(protocol)?;
                if !ehlo.has_capability(smtp_proto::EXT_START_TLS) {
                    return Err(ConnectFailure::Tls("le serveur ne propose pas STARTTLS".into()));
                }
                plain.cmd(b"STARTTLS\r\n").await.map_err(protocol)?.assert_positive_completion().map_err(protocol)?;
                SmtpClient { stream: tls(plain.stream, server, timeout).await?, timeout }
            }
            MailSecurity::Plain => {
                let mut client = SmtpClient { stream: Box::new(tcp) as Stream, timeout };
                greeting(&mut client).await?;
                client
            }
        };
        let capabilities = client.ehlo(EHLO_NAME).await.map_err(protocol)?;
        let credentials = mail_send::Credentials::new(credentials.login, credentials.password);
        client.authenticate(&credentials, &capabilities).await.map_err(|e| match e {
            mail_send::Error::AuthenticationFailed(reply) => ConnectFailure::LoginRefused(reply_text(&reply)),
            mail_send::Error::UnsupportedAuthMechanism => {
                ConnectFailure::Protocol("aucune méthode d'authentification commune".into())
            }
            other => protocol(other),
        })?;
        Ok(SmtpSession { client })
    }

    /// Hands one message to the server: `from` and `to` are the envelope, `message` the bytes.
    pub async fn send(&mut self, from: &str, to: &str, message: &[u8]) -> Result<(), SendFailure> {
        let envelope = mail_send::smtp::message::Message::new(from, [to], message);
        self.client.send(envelope).await.map(|_| ()).map_err(|e| match &e {
            mail_send::Error::UnexpectedReply(reply) if reply.code() >= 500 => SendFailure::Rejected(reply_text(reply)),
            _ => SendFailure::Temporary(e.to_string()),
        })
    }

    pub async fn quit(self) {
        let _ = self.client.quit().await;
    }
}

async fn greeting<T: AsyncRead + AsyncWrite + Unpin>(client: &mut SmtpClient<T>) -> Result<(), ConnectFailure> {
    client.read().await.map_err(protocol)?.assert_positive_completion().map_err(protocol)
}

fn protocol(e: mail_send::Error) -> ConnectFailure {
    match e {
        mail_send::Error::Io(io) => ConnectFailure::Unreachable(io.to_string()),
        mail_send::Error::Timeout => ConnectFailure::Unreachable("délai dépassé".into()),
        mail_send::Error::Tls(tls) => ConnectFailure::Tls(tls.to_string()),
        other => ConnectFailure::Protocol(other.to_string()),
    }
}

fn reply_text(reply: &smtp_proto::Response<String>) -> String {
    format!("{} {}", reply.code(), reply.message())
}

/// An authenticated IMAP session.
pub struct ImapSession {
    session: async_imap::Session<Stream>,
    timeout: Duration,
}

/// Beyond this size a message is read without its body (its headers still thread and classify
/// it): the inbound webhook's limit.
pub const MAX_MESSAGE_BYTES: u32 = 40 * 1024 * 1024;

/// What a poll found in the inbox.
#[derive(Debug)]
pub struct NewMail {
    /// The inbox's UIDVALIDITY: when it changes, the UIDs seen before mean nothing.
    pub uid_validity: u32,
    /// `(uid, raw message)`, oldest first.
    pub messages: Vec<(u32, Vec<u8>)>,
}

impl ImapSession {
    pub async fn open(
        guard: &Guard,
        server: &MailServer,
        credentials: Credentials<'_>,
        timeout: Duration,
    ) -> Result<ImapSession, ConnectFailure> {
        let tcp = connect(guard, server).await?;
        let client = match server.security {
            MailSecurity::Tls => {
                let mut client = async_imap::Client::new(tls(tcp, server, timeout).await?);
                imap_greeting(&mut client, timeout).await?;
                client
            }
            MailSecurity::StartTls => {
                let mut plain = async_imap::Client::new(tcp);
                imap_greeting(&mut plain, timeout).await?;
                bounded(timeout, plain.run_command_and_check_ok("STARTTLS", None)).await?.map_err(imap_protocol)?;
                // No greeting after STARTTLS (RFC 3501 §6.2.1).
                async_imap::Client::new(tls(plain.into_inner(), server, timeout).await?)
            }
            MailSecurity::Plain => {
                let mut client = async_imap::Client::new(Box::new(tcp) as Stream);
                imap_greeting(&mut client, timeout).await?;
                client
            }
        };
        let session = bounded(timeout, client.login(credentials.login, credentials.password)).await?.map_err(
            |(e, _)| match e {
                async_imap::error::Error::No(why) | async_imap::error::Error::Bad(why) => {
                    ConnectFailure::LoginRefused(why)
                }
                other => imap_protocol(other),
            },
        )?;
        Ok(ImapSession { session, timeout })
    }

    /// Where the inbox stands: its UIDVALIDITY and the UID of its newest message (0 if empty).
    pub async fn newest(&mut self, timeout: Duration) -> Result<(u32, u32), ConnectFailure> {
        let inbox = bounded(timeout, self.session.examine("INBOX")).await?.map_err(imap_protocol)?;
        Ok((inbox.uid_validity.unwrap_or(0), inbox.uid_next.unwrap_or(1).saturating_sub(1)))
    }

    /// The inbox's messages with a UID above `after` (all of them when `after` is `None` or the
    /// inbox's UIDVALIDITY is not `validity`), at most `limit`, oldest first.
    pub async fn new_mail(&mut self, after: Option<(u32, u32)>, limit: usize) -> Result<NewMail, ConnectFailure> {
        let timeout = self.timeout;
        let inbox = bounded(timeout, self.session.examine("INBOX")).await?.map_err(imap_protocol)?;
        let uid_validity = inbox.uid_validity.unwrap_or(0);
        let after = match after {
            Some((validity, uid)) if validity == uid_validity => uid,
            _ => 0,
        };
        if inbox.exists == 0 {
            return Ok(NewMail { uid_validity, messages: Vec::new() });
        }
        // `N:*` always names the newest message, even below N: filtered again below.
        let sizes = self.fetch(&format!("{}:*", after + 1), "(UID RFC822.SIZE)").await?;
        let mut wanted: Vec<(u32, u32)> =
            sizes.into_iter().filter(|(uid, _, _)| *uid > after).map(|(u, s, _)| (u, s)).collect();
        wanted.sort_unstable();
        wanted.truncate(limit);
        let mut messages = Vec::with_capacity(wanted.len());
        for (uid, size) in wanted {
            let item = if size <= MAX_MESSAGE_BYTES { "(UID BODY.PEEK[])" } else { "(UID BODY.PEEK[HEADER])" };
            let fetched = self.fetch(&uid.to_string(), item).await?;
            if let Some((_, _, raw)) = fetched.into_iter().find(|(u, _, _)| *u == uid) {
                messages.push((uid, raw));
            }
        }
        Ok(NewMail { uid_validity, messages })
    }

    /// `UID FETCH`: `(uid, size, bytes)` of each message answered.
    async fn fetch(&mut self, set: &str, items: &str) -> Result<Vec<(u32, u32, Vec<u8>)>, ConnectFailure> {
        use futures::TryStreamExt;
        let timeout = self.timeout;
        let fetches: Vec<async_imap::types::Fetch> =
            bounded(timeout, async { self.session.uid_fetch(set, items).await?.try_collect::<Vec<_>>().await })
                .await?
                .map_err(imap_protocol)?;
        Ok(fetches
            .iter()
            .filter_map(|f| {
                let uid = f.uid?;
                let raw = f.body().or_else(|| f.header()).map(<[u8]>::to_vec).unwrap_or_default();
                Some((uid, f.size.unwrap_or(0), raw))
            })
            .collect())
    }

    pub async fn logout(mut self) {
        let _ = tokio::time::timeout(self.timeout, self.session.logout()).await;
    }

    /// Waits on the inbox with IMAP IDLE (RFC 2177) until the server reports a change or `max`
    /// passes. `None`: the server does not offer IDLE. `Some(true)`: something changed (new
    /// mail, mostly; a reader reads only what is new, so a flag change costs one empty poll).
    pub async fn idle(mut self, max: Duration) -> Result<Option<bool>, ConnectFailure> {
        let timeout = self.timeout;
        let capabilities = bounded(timeout, self.session.capabilities()).await?.map_err(imap_protocol)?;
        if !capabilities.has_str("IDLE") {
            self.logout().await;
            return Ok(None);
        }
        bounded(timeout, self.session.select("INBOX")).await?.map_err(imap_protocol)?;
        let mut handle = self.session.idle();
        bounded(timeout, handle.init()).await?.map_err(imap_protocol)?;
        let changed = {
            let (wait, _interrupt) = handle.wait_with_timeout(max);
            // The server's own keepalives reset the wait; the outer bound is the backstop.
            bounded(max + timeout, wait).await?.map_err(imap_protocol)?
        };
        if let Ok(Ok(mut session)) = tokio::time::timeout(timeout, handle.done()).await {
            let _ = tokio::time::timeout(timeout, session.logout()).await;
        }
        Ok(Some(matches!(changed, async_imap::extensions::idle::IdleResponse::NewData(_))))
    }
}

async fn imap_greeting<T: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug>(
    client: &mut async_imap::Client<T>,
    timeout: Duration,
) -> Result<(), ConnectFailure> {
    match bounded(timeout, client.read_response()).await? {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(ConnectFailure::Protocol("connexion fermée avant l'accueil IMAP".into())),
        // Bytes that are no IMAP greeting (another protocol on this port) fail to parse.
        Err(e) if e.kind() == std::io::ErrorKind::Other || e.kind() == std::io::ErrorKind::InvalidData => {
            Err(ConnectFailure::Protocol(e.to_string()))
        }
        Err(e) => Err(ConnectFailure::Unreachable(e.to_string())),
    }
}

fn imap_protocol(e: async_imap::error::Error) -> ConnectFailure {
    match e {
        async_imap::error::Error::Io(io) => ConnectFailure::Unreachable(io.to_string()),
        async_imap::error::Error::ConnectionLost => ConnectFailure::Unreachable("connexion perdue".into()),
        other => ConnectFailure::Protocol(other.to_string()),
    }
}

/// A server that stops answering is a failure, not a wait.
async fn bounded<T>(timeout: Duration, work: impl std::future::Future<Output = T>) -> Result<T, ConnectFailure> {
    tokio::time::timeout(timeout, work).await.map_err(|_| ConnectFailure::Unreachable("délai dépassé".into()))
}
