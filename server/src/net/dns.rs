//! Name resolution for everything the product fetches: the guard's host resolution and the
//! enrichment's MX lookups, through one real resolver (hickory) whose name servers are configurable. In
//! production it reads `/etc/resolv.conf`; the sandbox and the tests point it at the local
//! authoritative server of [`crate::sandbox::dns`], so the very same code paths run offline.

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{NameServerConfig, ResolveHosts, ResolverConfig};
use hickory_resolver::net::NetError;
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::RData;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// Port of a name server given without one.
const DNS_PORT: u16 = 53;
/// Default budget for one lookup.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// Cached responses (hickory's own cache, which honours TTLs); small on purpose: the e-mail
/// checker keeps its own per-domain results, and a sandbox zone that changes is seen quickly.
const CACHE_SIZE: u64 = 256;

/// Errors of the resolver. Messages are French: they reach the product's UI.
#[derive(Debug, Clone, thiserror::Error)]
pub enum DnsError {
    /// NXDOMAIN, or the name exists without records of the requested kind.
    #[error("nom de domaine introuvable")]
    NotFound,
    /// Not a host name at all (the lookup was not attempted).
    #[error("nom de domaine invalide : « {0} »")]
    InvalidName(String),
    /// Timeout, SERVFAIL, refused, network error: the answer is unknown, not negative.
    #[error("la résolution DNS a échoué : {0}")]
    Failed(String),
    /// Invalid `DNS_SERVERS`/`DNS_TIMEOUT_SECS`, or unreadable system configuration.
    #[error("configuration DNS invalide : {0}")]
    Config(String),
}

/// Which name servers to ask, and how long to wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsConfig {
    /// Empty: the system's (`/etc/resolv.conf`).
    pub nameservers: Vec<SocketAddr>,
    /// Budget for one lookup, retries included.
    pub timeout: Duration,
}

impl Default for DnsConfig {
    fn default() -> Self {
        Self { nameservers: Vec::new(), timeout: DEFAULT_TIMEOUT }
    }
}

impl DnsConfig {
    /// Reads `DNS_SERVERS` (comma-separated `ip`, `ip:port` or `[ipv6]:port`; unset or empty: the
    /// system's) and `DNS_TIMEOUT_SECS` (default 5).
    pub fn from_env() -> Result<DnsConfig, DnsError> {
        let servers = std::env::var("DNS_SERVERS").ok();
        let timeout = std::env::var("DNS_TIMEOUT_SECS").ok();
        Self::from_values(servers.as_deref(), timeout.as_deref())
    }

    /// [`DnsConfig::from_env`] without the environment, for tests and other config sources.
    pub fn from_values(servers: Option<&str>, timeout_secs: Option<&str>) -> Result<DnsConfig, DnsError> {
        let nameservers = match servers {
            Some(list) => parse_nameservers(list)?,
            None => Vec::new(),
        };
        let timeout = match timeout_secs.map(str::trim).filter(|s| !s.is_empty()) {
            Some(secs) => parse_timeout(secs)?,
            None => DEFAULT_TIMEOUT,
        };
        Ok(DnsConfig { nameservers, timeout })
    }
}

fn parse_nameservers(list: &str) -> Result<Vec<SocketAddr>, DnsError> {
    list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(parse_nameserver).collect()
}

fn parse_nameserver(entry: &str) -> Result<SocketAddr, DnsError> {
    if let Ok(addr) = entry.parse::<SocketAddr>() {
        return Ok(addr);
    }
    entry
        .parse::<IpAddr>()
        .map(|ip| SocketAddr::new(ip, DNS_PORT))
        .map_err(|_| DnsError::Config(format!("DNS_SERVERS : « {entry} » n'est ni une adresse IP ni ip:port")))
}

fn parse_timeout(secs: &str) -> Result<Duration, DnsError> {
    match secs.parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 300.0 => Ok(Duration::from_secs_f64(s)),
        _ => Err(DnsError::Config(format!(
            "DNS_TIMEOUT_SECS : « {secs} » n'est pas un nombre de secondes entre 0 et 300"
        ))),
    }
}

/// What a domain says about receiving mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailStatus {
    /// MX exchanges (lower case, no trailing dot), most preferred first.
    Mx(Vec<String>),
    /// No MX but an address: mail goes to the domain itself (RFC 5321 §5.1, "implicit MX").
    ImplicitA,
    /// The domain declares it accepts no mail (RFC 7505 null MX, `MX 0 .`).
    NullMx,
    /// NXDOMAIN, or neither MX nor address.
    NoMailHost,
}

/// The resolver, cheap to clone (shared state behind an `Arc`).
#[derive(Clone)]
pub struct Dns {
    resolver: Arc<TokioResolver>,
    timeout: Duration,
    http_port: Option<u16>,
}

impl std::fmt::Debug for Dns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dns")
            .field("timeout", &self.timeout)
            .field("http_port", &self.http_port)
            .finish_non_exhaustive()
    }
}

impl Dns {
    /// Builds the resolver. With explicit name servers, `/etc/hosts` and the system's search
    /// domains are ignored so that the sandbox resolves only what its zone says.
    pub fn new(cfg: &DnsConfig) -> Result<Dns, DnsError> {
        let mut builder = if cfg.nameservers.is_empty() {
            TokioResolver::builder_tokio().map_err(|e| {
                DnsError::Config(format!("lecture de la configuration système (/etc/resolv.conf) impossible : {e}"))
            })?
        } else {
            let servers = cfg.nameservers.iter().map(|addr| nameserver(*addr)).collect();
            let mut builder = TokioResolver::builder_with_config(
                ResolverConfig::from_name_servers(servers),
                TokioRuntimeProvider::default(),
            );
            builder.options_mut().use_hosts_file = ResolveHosts::Never;
            builder
        };
        let options = builder.options_mut();
        // Two tries of half the budget each: a lost UDP datagram is retried, and the whole lookup
        // still fits in `timeout` (also enforced around each lookup, see `bounded`).
        options.timeout = (cfg.timeout / 2).max(Duration::from_millis(100));
        options.attempts = 2;
        options.try_tcp_on_error = true;
        options.cache_size = CACHE_SIZE;
        let resolver =
            builder.build().map_err(|e| DnsError::Config(format!("création du résolveur impossible : {e}")))?;
        Ok(Dns { resolver: Arc::new(resolver), timeout: cfg.timeout, http_port: None })
    }

    /// Every address handed to the HTTP client (the [`reqwest::dns::Resolve`] impl) carries
    /// `port`, unless the URL names a port itself. The sandbox serves all its simulated sites from
    /// our own server on one port, while their URLs (`http://plomberie-dupont.fr/`) carry none.
    pub fn with_http_port(mut self, port: u16) -> Dns {
        self.http_port = Some(port);
        self
    }

    /// IPv4 addresses of `host` (`A` records). IP literals and `localhost` need no query.
    pub async fn lookup_ipv4(&self, host: &str) -> Result<Vec<IpAddr>, DnsError> {
        if let Some(ips) = without_query(host, false) {
            return Ok(ips);
        }
        let name = fqdn(host)?;
        let lookup = self.bounded(self.resolver.ipv4_lookup(name.as_str())).await?;
        let ips: Vec<IpAddr> = lookup
            .answers()
            .iter()
            .filter_map(|record| match &record.data {
                RData::A(a) => Some(IpAddr::V4(a.0)),
                _ => None,
            })
            .collect();
        non_empty(ips)
    }

    /// IPv4 then IPv6 addresses of `host` (hickory's default strategy: AAAA only without A).
    pub async fn lookup_ip(&self, host: &str) -> Result<Vec<IpAddr>, DnsError> {
        if let Some(ips) = without_query(host, true) {
            return Ok(ips);
        }
        let name = fqdn(host)?;
        let lookup = self.bounded(self.resolver.lookup_ip(name.as_str())).await?;
        non_empty(lookup.iter().collect())
    }

    /// The `TXT` records of `name`, each one's strings joined (a long DKIM key is split into
    /// strings of 255 bytes). `NotFound` when the name has none or does not exist.
    pub async fn txt(&self, name: &str) -> Result<Vec<String>, DnsError> {
        let name = fqdn(name)?;
        let lookup = match self.raw(self.resolver.txt_lookup(name.as_str())).await? {
            Ok(lookup) => lookup,
            Err(e) if e.is_nx_domain() || e.is_no_records_found() => return Err(DnsError::NotFound),
            Err(e) => return Err(failed(&e)),
        };
        let texts: Vec<String> = lookup
            .answers()
            .iter()
            .filter_map(|record| match &record.data {
                RData::TXT(txt) => {
                    Some(txt.txt_data.iter().map(|part| String::from_utf8_lossy(part).into_owned()).collect())
                }
                _ => None,
            })
            .collect();
        if texts.is_empty() { Err(DnsError::NotFound) } else { Ok(texts) }
    }

    /// Whether `domain` can receive mail, and where (RFC 5321 §5.1, RFC 7505).
    pub async fn mail_status(&self, domain: &str) -> Result<MailStatus, DnsError> {
        let name = fqdn(domain)?;
        let lookup = match self.raw(self.resolver.mx_lookup(name.as_str())).await? {
            Ok(lookup) => lookup,
            // The domain does not exist: no need to ask for its address.
            Err(e) if e.is_nx_domain() => return Ok(MailStatus::NoMailHost),
            Err(e) if e.is_no_records_found() => return self.implicit_mx(domain).await,
            Err(e) => return Err(failed(&e)),
        };
        let mut mxs: Vec<(u16, String)> = lookup
            .answers()
            .iter()
            .filter_map(|record| match &record.data {
                RData::MX(mx) => Some((mx.preference, normalize(&mx.exchange.to_ascii()))),
                _ => None,
            })
            .collect();
        if mxs.is_empty() {
            // Only a CNAME chain without MX at its end: same as no MX.
            return self.implicit_mx(domain).await;
        }
        Ok(mail_status_from_mx(&mut mxs))
    }

    /// No MX: the domain's own address, if any, is its mail host.
    async fn implicit_mx(&self, domain: &str) -> Result<MailStatus, DnsError> {
        match self.lookup_ip(domain).await {
            Ok(_) => Ok(MailStatus::ImplicitA),
            Err(DnsError::NotFound) => Ok(MailStatus::NoMailHost),
            Err(e) => Err(e),
        }
    }

    /// Runs a hickory lookup within the budget, mapping its errors.
    async fn bounded<T>(&self, lookup: impl Future<Output = Result<T, NetError>>) -> Result<T, DnsError> {
        self.raw(lookup).await?.map_err(|e| if e.is_no_records_found() { DnsError::NotFound } else { failed(&e) })
    }

    /// Runs a hickory lookup within the budget; its own error is left to the caller.
    async fn raw<T>(&self, lookup: impl Future<Output = Result<T, NetError>>) -> Result<Result<T, NetError>, DnsError> {
        tokio::time::timeout(self.timeout, lookup)
            .await
            .map_err(|_| DnsError::Failed(format!("pas de réponse en {} ms", self.timeout.as_millis())))
    }
}

/// UDP and TCP to `addr`, on its port (hickory keeps the port per connection).
fn nameserver(addr: SocketAddr) -> NameServerConfig {
    let mut server = NameServerConfig::udp_and_tcp(addr.ip());
    for connection in &mut server.connections {
        connection.port = addr.port();
    }
    server
}

/// A null MX is `MX 0 .`; RFC 7505 says it must be alone, but one is enough to know the domain
/// wants no mail. Otherwise exchanges by preference (stable: equal preferences keep the order
/// the server gave), duplicates removed.
fn mail_status_from_mx(mxs: &mut [(u16, String)]) -> MailStatus {
    if mxs.iter().any(|(_, exchange)| exchange.is_empty()) {
        return MailStatus::NullMx;
    }
    mxs.sort_by_key(|(preference, _)| *preference);
    let mut exchanges: Vec<String> = Vec::with_capacity(mxs.len());
    for (_, exchange) in mxs.iter() {
        if !exchanges.contains(exchange) {
            exchanges.push(exchange.clone());
        }
    }
    MailStatus::Mx(exchanges)
}

/// IP literals (also `[v6]`) and `localhost` names (RFC 6761) resolve without asking anyone.
fn without_query(host: &str, with_v6: bool) -> Option<Vec<IpAddr>> {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Some(vec![ip]);
    }
    let name = normalize(host);
    if name == "localhost" || name.ends_with(".localhost") {
        let mut ips = vec![IpAddr::V4(Ipv4Addr::LOCALHOST)];
        if with_v6 {
            ips.push(IpAddr::V6(Ipv6Addr::LOCALHOST));
        }
        return Some(ips);
    }
    None
}

/// The name made fully qualified, so that no search domain of resolv.conf is appended (one query
/// instead of several, and no surprise answer from a local domain).
fn fqdn(host: &str) -> Result<String, DnsError> {
    let name = normalize(host);
    let valid = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    if valid { Ok(format!("{name}.")) } else { Err(DnsError::InvalidName(host.to_owned())) }
}

/// Lower case, without the trailing dot.
fn normalize(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

fn non_empty(ips: Vec<IpAddr>) -> Result<Vec<IpAddr>, DnsError> {
    if ips.is_empty() { Err(DnsError::NotFound) } else { Ok(ips) }
}

fn failed(error: &NetError) -> DnsError {
    DnsError::Failed(error.to_string())
}

impl reqwest::dns::Resolve for Dns {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let dns = self.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let ips = dns.lookup_ip(&host).await?;
            // Port 0 means "the URL's port" to hyper; a non-zero one wins unless the URL has one.
            let port = dns.http_port.unwrap_or(0);
            let addrs: Vec<SocketAddr> = ips.into_iter().map(|ip| SocketAddr::new(ip, port)).collect();
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::dns::{LocalDns, StaticZone, serve};
    use std::time::Instant;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, UdpSocket};

    const LOCAL: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 1);

    fn zone() -> StaticZone {
        StaticZone::new()
            .a("plomberie-dupont.fr", LOCAL)
            .a("www.plomberie-dupont.fr", Ipv4Addr::new(192, 0, 2, 10))
            .mx("plomberie-dupont.fr", 20, "mx2.ovh.net")
            .mx("plomberie-dupont.fr", 5, "MX1.ovh.net.")
            .mx("plomberie-dupont.fr", 10, "mx3.ovh.net")
            .a("boulangerie-martin.fr", Ipv4Addr::new(192, 0, 2, 20))
            .mx("pas-de-courrier.fr", 0, ".")
            .a("pas-de-courrier.fr", Ipv4Addr::new(192, 0, 2, 30))
            .a("www.vitrine-seule.fr", Ipv4Addr::new(192, 0, 2, 40))
    }

    async fn local_dns() -> (LocalDns, Dns) {
        let server = serve("127.0.0.1:0".parse().unwrap(), Arc::new(zone())).await.unwrap();
        let cfg = DnsConfig { nameservers: vec![server.addr], timeout: Duration::from_secs(2) };
        (server, Dns::new(&cfg).unwrap())
    }

    #[tokio::test]
    async fn resolves_a_records_from_the_local_server() {
        let (_server, dns) = local_dns().await;
        let ips = dns.lookup_ipv4("www.plomberie-dupont.fr").await.unwrap();
        assert_eq!(ips, vec![IpAddr::V4(Ipv4Addr::new(192, 0, 2, 10))]);
        let ips = dns.lookup_ip("Plomberie-Dupont.FR.").await.unwrap();
        assert_eq!(ips, vec![IpAddr::V4(LOCAL)]);
    }

    #[tokio::test]
    async fn nxdomain_and_nodata_are_not_found() {
        let (_server, dns) = local_dns().await;
        assert!(matches!(dns.lookup_ipv4("inconnu.fr").await, Err(DnsError::NotFound)));
        // `vitrine-seule.fr` exists (it has a subdomain) but has no address.
        assert!(matches!(dns.lookup_ip("vitrine-seule.fr").await, Err(DnsError::NotFound)));
    }

    #[tokio::test]
    async fn literals_and_localhost_need_no_server() {
        let cfg = DnsConfig { nameservers: vec!["127.0.0.1:9".parse().unwrap()], ..DnsConfig::default() };
        let dns = Dns::new(&cfg).unwrap();
        assert_eq!(dns.lookup_ip("192.0.2.1").await.unwrap(), vec![IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))]);
        assert_eq!(dns.lookup_ip("[::1]").await.unwrap(), vec![IpAddr::V6(Ipv6Addr::LOCALHOST)]);
        assert_eq!(dns.lookup_ipv4("localhost").await.unwrap(), vec![IpAddr::V4(LOCAL)]);
        assert!(matches!(dns.lookup_ip("pas un nom").await, Err(DnsError::InvalidName(_))));
    }

    #[tokio::test]
    async fn mx_exchanges_come_by_preference() {
        let (_server, dns) = local_dns().await;
        let status = dns.mail_status("plomberie-dupont.fr").await.unwrap();
        let expected = ["mx1.ovh.net", "mx3.ovh.net", "mx2.ovh.net"].map(String::from).to_vec();
        assert_eq!(status, MailStatus::Mx(expected));
    }

    #[tokio::test]
    async fn mail_status_covers_implicit_null_and_missing() {
        let (_server, dns) = local_dns().await;
        assert_eq!(dns.mail_status("boulangerie-martin.fr").await.unwrap(), MailStatus::ImplicitA);
        assert_eq!(dns.mail_status("pas-de-courrier.fr").await.unwrap(), MailStatus::NullMx);
        assert_eq!(dns.mail_status("vitrine-seule.fr").await.unwrap(), MailStatus::NoMailHost);
        assert_eq!(dns.mail_status("inconnu.fr").await.unwrap(), MailStatus::NoMailHost);
    }

    /// One HTTP/1.1 exchange: answers 200 with the request's `Host` header as the body.
    async fn one_shot_http_server() -> (u16, tokio::task::JoinHandle<()>) {
        let listener = TcpListener::bind((LOCAL, 0)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            let Ok((mut stream, _)) = listener.accept().await else { return };
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let request = String::from_utf8_lossy(&request).to_lowercase();
            let host = request.lines().find_map(|line| line.strip_prefix("host:")).unwrap_or("").trim().to_owned();
            let response =
                format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{host}", host.len());
            let _ = stream.write_all(response.as_bytes()).await;
        });
        (port, task)
    }

    #[tokio::test]
    async fn reqwest_reaches_a_made_up_host_through_the_local_dns() {
        let (_server, dns) = local_dns().await;
        let (port, http) = one_shot_http_server().await;
        let client =
            reqwest::Client::builder().no_proxy().dns_resolver(Arc::new(dns.with_http_port(port))).build().unwrap();
        let response = client.get("http://plomberie-dupont.fr/").send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.text().await.unwrap(), "plomberie-dupont.fr");
        http.await.unwrap();
    }

    #[tokio::test]
    async fn reqwest_reports_unknown_hosts_as_errors() {
        let (_server, dns) = local_dns().await;
        let client = reqwest::Client::builder().no_proxy().dns_resolver(Arc::new(dns)).build().unwrap();
        let error = client.get("http://inconnu.fr/").send().await.unwrap_err();
        assert!(error.is_connect(), "{error:?}");
    }

    #[tokio::test]
    async fn a_silent_server_fails_within_the_timeout() {
        // Reads queries and never answers (nothing listens on TCP there either).
        let silent = UdpSocket::bind((LOCAL, 0)).await.unwrap();
        let addr = silent.local_addr().unwrap();
        let sink = tokio::spawn(async move {
            let mut buf = [0u8; 512];
            while silent.recv_from(&mut buf).await.is_ok() {}
        });
        let timeout = Duration::from_millis(800);
        let dns = Dns::new(&DnsConfig { nameservers: vec![addr], timeout }).unwrap();
        let started = Instant::now();
        let result = dns.mail_status("plomberie-dupont.fr").await;
        assert!(matches!(result, Err(DnsError::Failed(_))), "{result:?}");
        assert!(started.elapsed() < timeout + Duration::from_millis(500), "{:?}", started.elapsed());
        sink.abort();
    }

    #[test]
    fn config_parses_servers_and_timeout() {
        let cfg = DnsConfig::from_values(Some("127.0.0.1:5353, 9.9.9.9,[::1]:53"), Some("2")).unwrap();
        let expected: Vec<SocketAddr> =
            ["127.0.0.1:5353", "9.9.9.9:53", "[::1]:53"].iter().map(|s| s.parse().unwrap()).collect();
        assert_eq!(cfg.nameservers, expected);
        assert_eq!(cfg.timeout, Duration::from_secs(2));
        assert_eq!(DnsConfig::from_values(None, None).unwrap(), DnsConfig::default());
        assert_eq!(DnsConfig::from_values(Some(" "), Some("")).unwrap(), DnsConfig::default());
        assert!(matches!(DnsConfig::from_values(Some("dns.google"), None), Err(DnsError::Config(_))));
        assert!(matches!(DnsConfig::from_values(None, Some("-1")), Err(DnsError::Config(_))));
    }

    #[tokio::test]
    async fn system_configuration_builds_or_fails_cleanly() {
        // Whatever this machine's resolv.conf holds, building must not panic.
        match Dns::new(&DnsConfig::default()) {
            Ok(_) | Err(DnsError::Config(_)) => {}
            Err(other) => panic!("unexpected error: {other}"),
        }
    }
}
