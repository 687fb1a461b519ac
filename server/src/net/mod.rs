//! Outbound network access. The addresses the product fetches come from data it did not choose
//! (listings, a client's manual row, redirects, guessed domains, links found on pages, and what
//! a page loaded in Chromium asks for), so every request goes through one [`Guard`]:
//!
//! - [`policy`]: http/https only, allowed ports only, and with `PROSPECTA_PRIVATE_NETWORKS=deny`
//!   only public addresses ([`address`] says which are);
//! - the guard resolves names through the configured resolver and checks every address *after*
//!   resolution; clients then connect to exactly the checked addresses (reqwest uses the
//!   addresses its resolver returns; the browser's [`proxy`] connects to the address it
//!   checked), so a second, different DNS answer (rebinding) cannot slip in;
//! - [`client`]: the only constructor of HTTP clients for fetched addresses; it checks each URL
//!   (IP literals bypass resolvers) and each redirect hop;
//! - [`proxy`]: the forward proxy Chromium is launched with, applying the same guard to its
//!   navigations and to every sub-request of the pages it loads.
//!
//! The LLM providers do not go through it: their base URL is operator configuration (possibly a
//! model server on this machine), never data, and they receive no URL from pages.

pub mod address;
pub mod client;
pub mod dns;
pub mod policy;
pub mod proxy;

pub use address::{AddressClass, classify};
pub use client::{HttpClient, Redirects, refusal};
pub use policy::{AllowedPorts, NetError, NetPolicy, PrivateNetworks};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// The policy and the resolver of this process, cheap to clone. It is itself the reqwest
/// resolver of every guarded client: names resolve through the inner resolver, and an answer
/// holding any non-public address is refused whole (a mixed answer is a rebinding attempt or a
/// misconfiguration, never something to pick from).
#[derive(Clone)]
pub struct Guard {
    policy: Arc<NetPolicy>,
    resolver: Arc<dyn Resolve>,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard").field("policy", &self.policy).finish_non_exhaustive()
    }
}

/// Why the browser's proxy could not reach a destination.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(transparent)]
    Refused(#[from] NetError),
    #[error("nom de domaine introuvable ({0})")]
    Resolve(String),
    #[error("connexion impossible ({0})")]
    Connect(String),
}

impl Guard {
    pub fn new(policy: NetPolicy, resolver: Arc<dyn Resolve>) -> Self {
        Guard { policy: Arc::new(policy), resolver }
    }

    /// The system's resolver (getaddrinfo), for the CLI.
    pub fn system(policy: NetPolicy) -> Self {
        Guard::new(policy, Arc::new(SystemResolver))
    }

    /// The configured hickory resolver (`DNS_SERVERS`; the sandbox's own DNS server).
    pub fn with_dns(policy: NetPolicy, dns: crate::net::dns::Dns) -> Self {
        Guard::new(policy, Arc::new(dns))
    }

    pub fn policy(&self) -> &NetPolicy {
        &self.policy
    }

    /// The checked addresses of `host:port`. `port_explicit`: the URL named the port; otherwise a
    /// port given by the resolver (the sandbox serves every simulated site on its own port)
    /// wins over `port`, as reqwest does.
    pub async fn resolve_checked(
        &self,
        host: &str,
        port: u16,
        port_explicit: bool,
    ) -> Result<Vec<SocketAddr>, ConnectError> {
        self.policy.check_target(host, port)?;
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bare.parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
        let name = Name::from_str(bare).map_err(|_| NetError::InvalidUrl(host.to_string()))?;
        let addrs = self.resolve(name).await.map_err(|e| match e.downcast::<NetError>() {
            Ok(refused) => ConnectError::Refused(*refused),
            Err(other) => ConnectError::Resolve(other.to_string()),
        })?;
        Ok(addrs
            .map(|a| match (port_explicit, a.port()) {
                (false, p) if p != 0 => a,
                _ => SocketAddr::new(a.ip(), port),
            })
            .collect())
    }

    /// A TCP connection to `host:port` through [`Guard::resolve_checked`]: the connection goes
    /// to an address that was checked, never to a second resolution.
    pub async fn connect(
        &self,
        host: &str,
        port: u16,
        port_explicit: bool,
    ) -> Result<tokio::net::TcpStream, ConnectError> {
        let addrs = self.resolve_checked(host, port, port_explicit).await?;
        let mut last = String::from("aucune adresse");
        for addr in addrs {
            match tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::TcpStream::connect(addr)).await {
                Ok(Ok(stream)) => return Ok(stream),
                Ok(Err(e)) => last = format!("{addr} : {e}"),
                Err(_) => last = format!("{addr} : délai dépassé"),
            }
        }
        Err(ConnectError::Connect(last))
    }
}

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The ports of mail submission and retrieval a mailbox may use when the policy limits ports
/// (`PROSPECTA_ALLOWED_PORTS` lists web ports only).
pub const MAIL_PORTS: [u16; 6] = [25, 465, 587, 2525, 143, 993];

impl Guard {
    /// A TCP connection to a client's mail server (SMTP, IMAP): the same address checks as a
    /// web request, mail ports instead of web ones. Returns the stream and the address reached.
    pub async fn connect_mail(
        &self,
        host: &str,
        port: u16,
    ) -> Result<(tokio::net::TcpStream, SocketAddr), ConnectError> {
        if let AllowedPorts::Only(_) = self.policy.ports
            && !MAIL_PORTS.contains(&port)
        {
            return Err(ConnectError::Refused(NetError::Port {
                port,
                allowed: MAIL_PORTS.map(|p| p.to_string()).join(", "),
            }));
        }
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let addrs: Vec<SocketAddr> = match bare.parse::<IpAddr>() {
            Ok(ip) => {
                let addr = SocketAddr::new(ip, port);
                self.policy.check_addr(bare, addr)?;
                vec![addr]
            }
            Err(_) => {
                let name = Name::from_str(bare).map_err(|_| NetError::InvalidUrl(host.to_string()))?;
                let resolved = self.resolve(name).await.map_err(|e| match e.downcast::<NetError>() {
                    Ok(refused) => ConnectError::Refused(*refused),
                    Err(other) => ConnectError::Resolve(other.to_string()),
                })?;
                resolved.map(|a| SocketAddr::new(a.ip(), port)).collect()
            }
        };
        let mut last = String::from("aucune adresse");
        for addr in addrs {
            match tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::TcpStream::connect(addr)).await {
                Ok(Ok(stream)) => return Ok((stream, addr)),
                Ok(Err(e)) => last = format!("{addr} : {e}"),
                Err(_) => last = format!("{addr} : délai dépassé"),
            }
        }
        Err(ConnectError::Connect(last))
    }
}

impl Resolve for Guard {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let policy = self.policy.clone();
        let lookup = self.resolver.resolve(name);
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = lookup.await?.collect();
            for addr in &addrs {
                if let Err(refused) = policy.check_addr(&host, *addr) {
                    tracing::warn!(host, %addr, "requête sortante refusée : {refused}");
                    return Err(Box::new(refused) as Box<dyn std::error::Error + Send + Sync>);
                }
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// getaddrinfo through tokio (reqwest's own resolver is not public).
struct SystemResolver;

impl Resolve for SystemResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers every name with these addresses.
    struct Fixed(Vec<IpAddr>);

    impl Resolve for Fixed {
        fn resolve(&self, _: Name) -> Resolving {
            let addrs: Vec<SocketAddr> = self.0.iter().map(|ip| SocketAddr::new(*ip, 0)).collect();
            Box::pin(async move { Ok(Box::new(addrs.into_iter()) as Addrs) })
        }
    }

    fn guard(policy: NetPolicy, ips: &[&str]) -> Guard {
        Guard::new(policy, Arc::new(Fixed(ips.iter().map(|ip| ip.parse().unwrap()).collect())))
    }

    #[tokio::test]
    async fn an_answer_mixing_public_and_private_addresses_is_refused_whole() {
        let mixed = guard(NetPolicy::production(), &["93.184.215.14", "127.0.0.1"]);
        let result = mixed.resolve_checked("www.dupont.fr", 443, false).await;
        assert!(matches!(result, Err(ConnectError::Refused(NetError::Forbidden { .. }))), "{result:?}");
        let public = guard(NetPolicy::production(), &["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]);
        let addrs = public.resolve_checked("www.dupont.fr", 443, false).await.unwrap();
        assert_eq!(addrs.len(), 2);
        assert!(addrs.iter().all(|a| a.port() == 443));
    }

    #[tokio::test]
    async fn checks_come_before_any_resolution() {
        // The port and `localhost` are refused without asking the resolver.
        let g = guard(NetPolicy::production(), &["93.184.215.14"]);
        assert!(matches!(
            g.resolve_checked("www.dupont.fr", 8080, true).await,
            Err(ConnectError::Refused(NetError::Port { .. }))
        ));
        assert!(matches!(
            g.resolve_checked("localhost", 80, false).await,
            Err(ConnectError::Refused(NetError::LocalName { .. }))
        ));
        let literal = g.resolve_checked("[::1]", 443, true).await;
        assert!(matches!(literal, Err(ConnectError::Refused(NetError::Forbidden { .. }))), "{literal:?}");
    }

    #[tokio::test]
    async fn a_resolver_port_serves_urls_without_one() {
        // The sandbox's resolver answers its own port for every simulated site.
        struct Sandbox;
        impl Resolve for Sandbox {
            fn resolve(&self, _: Name) -> Resolving {
                Box::pin(async { Ok(Box::new(std::iter::once(SocketAddr::from(([127, 0, 0, 1], 3000)))) as Addrs) })
            }
        }
        let g = Guard::new(NetPolicy::permissive(), Arc::new(Sandbox));
        assert_eq!(
            g.resolve_checked("dupont.fr", 80, false).await.unwrap(),
            vec![SocketAddr::from(([127, 0, 0, 1], 3000))]
        );
        assert_eq!(
            g.resolve_checked("dupont.fr", 8081, true).await.unwrap(),
            vec![SocketAddr::from(([127, 0, 0, 1], 8081))]
        );
    }
}
