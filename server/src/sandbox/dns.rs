//! A small authoritative DNS server for the sandbox and the tests: the enrichment's resolver
//! (`net::dns`) is pointed at it, so MX lookups and the HTTP client's name resolution run
//! the real resolver code against names the sandbox's simulated web owns.

use async_trait::async_trait;
use std::net::Ipv4Addr;

/// The record kinds the product asks for (addresses, mail exchangers, and the text records
/// of the sending domain's SPF, DKIM and DMARC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    A,
    Mx,
    Txt,
}

/// What the zone says about one (name, kind) question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneAnswer {
    /// Addresses for an `A` question.
    A(Vec<Ipv4Addr>),
    /// `(preference, exchange)` for an `MX` question; `(0, ".")` is a null MX (RFC 7505).
    Mx(Vec<(u16, String)>),
    /// The strings of each `TXT` record.
    Txt(Vec<String>),
    /// The name exists but has no record of this kind.
    NoData,
    /// The name does not exist.
    NxDomain,
}

/// Where the server's answers come from. `name` is lower case, without the trailing dot.
#[async_trait]
pub trait Zone: Send + Sync + 'static {
    async fn answer(&self, name: &str, kind: RecordKind) -> ZoneAnswer;
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

use hickory_proto::op::{Edns, Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::rdata::{A as ARecord, MX, TXT};
use hickory_proto::rr::{Name, RData, Record, RecordType};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::task::{JoinHandle, JoinSet};

/// TTL of every record served: short, so a sandbox whose zone changes is seen quickly.
const TTL: u32 = 60;
/// Classic DNS-over-UDP size limit, used when the query carries no EDNS payload size.
const UDP_CLASSIC_MAX: usize = 512;
/// Payload size we advertise (and honour) with EDNS: the DNS flag day 2020 value.
const EDNS_PAYLOAD: u16 = 1232;
/// An idle TCP client is dropped after this, so dead connections do not pile up.
const TCP_IDLE: Duration = Duration::from_secs(10);

/// A running local DNS server; it stops when this value is dropped (or [`LocalDns::abort`]ed).
#[derive(Debug)]
pub struct LocalDns {
    /// Where it listens, on UDP and on TCP (same port).
    pub addr: SocketAddr,
    tasks: Vec<JoinHandle<()>>,
}

impl LocalDns {
    /// Stops the server (its UDP and TCP loops and every connection they own).
    pub fn abort(&self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Drop for LocalDns {
    fn drop(&mut self) {
        self.abort();
    }
}

/// Starts an authoritative server for `zone` on `bind` (UDP and TCP on the same port; with port 0
/// the system picks one free for both). Returns once both sockets listen.
pub async fn serve(bind: SocketAddr, zone: Arc<dyn Zone>) -> std::io::Result<LocalDns> {
    let (udp, tcp) = bind_both(bind).await?;
    let addr = udp.local_addr()?;
    let tasks = vec![tokio::spawn(udp_loop(Arc::new(udp), zone.clone())), tokio::spawn(tcp_loop(tcp, zone))];
    Ok(LocalDns { addr, tasks })
}

/// Binds UDP then TCP on the same port. With port 0 the UDP port the system picked may be taken
/// on TCP, so a few fresh ports are tried.
async fn bind_both(bind: SocketAddr) -> std::io::Result<(UdpSocket, TcpListener)> {
    let attempts = if bind.port() == 0 { 10 } else { 1 };
    let mut last_error = None;
    for _ in 0..attempts {
        let udp = UdpSocket::bind(bind).await?;
        match TcpListener::bind(udp.local_addr()?).await {
            Ok(tcp) => return Ok((udp, tcp)),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| std::io::Error::other("no port free for UDP and TCP")))
}

async fn udp_loop(socket: Arc<UdpSocket>, zone: Arc<dyn Zone>) {
    // Answers run in their own tasks (a zone may be slow, e.g. backed by the database); the set
    // owns them so that stopping the server stops them too.
    let mut inflight = JoinSet::new();
    let mut buf = vec![0u8; 4096];
    loop {
        while inflight.try_join_next().is_some() {}
        let (len, peer) = match socket.recv_from(&mut buf).await {
            Ok(received) => received,
            // e.g. ICMP port unreachable reported on Linux for an earlier reply: keep serving.
            Err(_) => continue,
        };
        let packet = buf[..len].to_vec();
        let (socket, zone) = (socket.clone(), zone.clone());
        inflight.spawn(async move {
            if let Some(reply) = respond(zone.as_ref(), &packet, Transport::Udp).await {
                let _ = socket.send_to(&reply, peer).await;
            }
        });
    }
}

async fn tcp_loop(listener: TcpListener, zone: Arc<dyn Zone>) {
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        connections.spawn(tcp_connection(stream, zone.clone()));
    }
}

/// DNS over TCP: each message is preceded by its length on two bytes (RFC 1035 §4.2.2).
async fn tcp_connection(mut stream: TcpStream, zone: Arc<dyn Zone>) {
    loop {
        let mut len = [0u8; 2];
        match tokio::time::timeout(TCP_IDLE, stream.read_exact(&mut len)).await {
            Ok(Ok(_)) => {}
            _ => return,
        }
        let mut packet = vec![0u8; u16::from_be_bytes(len) as usize];
        if stream.read_exact(&mut packet).await.is_err() {
            return;
        }
        let Some(reply) = respond(zone.as_ref(), &packet, Transport::Tcp).await else {
            continue;
        };
        let Ok(reply_len) = u16::try_from(reply.len()) else {
            return;
        };
        let mut framed = reply_len.to_be_bytes().to_vec();
        framed.extend_from_slice(&reply);
        if stream.write_all(&framed).await.is_err() {
            return;
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Transport {
    Udp,
    Tcp,
}

/// Decodes one query and encodes the answer; `None` for anything that is not a query we can
/// parse (malformed packets and stray responses are dropped, as real servers do).
async fn respond(zone: &dyn Zone, packet: &[u8], transport: Transport) -> Option<Vec<u8>> {
    let request = Message::from_vec(packet).ok()?;
    if request.metadata.message_type != MessageType::Query {
        return None;
    }
    let mut response = Message::response(request.metadata.id, request.metadata.op_code);
    response.metadata.authoritative = true;
    response.metadata.recursion_desired = request.metadata.recursion_desired;
    response.metadata.recursion_available = false;
    response.queries = request.queries.clone();
    if request.edns.is_some() {
        let mut edns = Edns::new();
        edns.set_max_payload(EDNS_PAYLOAD);
        response.edns = Some(edns);
    }
    match (request.metadata.op_code, request.queries.as_slice()) {
        (OpCode::Query, [query]) => answer_query(zone, query, &mut response).await,
        (OpCode::Query, _) => response.metadata.response_code = ResponseCode::FormErr,
        _ => response.metadata.response_code = ResponseCode::NotImp,
    }
    encode(&request, response, transport)
}

/// Fills `response` for one question.
async fn answer_query(zone: &dyn Zone, query: &Query, response: &mut Message) {
    let name = normalize(&query.name().to_ascii());
    let kind = match query.query_type() {
        RecordType::A => Some(RecordKind::A),
        RecordType::MX => Some(RecordKind::Mx),
        RecordType::TXT => Some(RecordKind::Txt),
        _ => None,
    };
    // Other types (AAAA…) have no data here, but the name's existence decides between an
    // empty NOERROR and NXDOMAIN, so resolvers do not conclude a live name is gone.
    let answer = zone.answer(&name, kind.unwrap_or(RecordKind::A)).await;
    let records = match (kind, answer) {
        (_, ZoneAnswer::NxDomain) => {
            response.metadata.response_code = ResponseCode::NXDomain;
            return;
        }
        (Some(RecordKind::A), ZoneAnswer::A(ips)) => a_records(query.name(), &ips),
        (Some(RecordKind::Mx), ZoneAnswer::Mx(mxs)) => mx_records(query.name(), &mxs),
        (Some(RecordKind::Txt), ZoneAnswer::Txt(texts)) => texts
            .iter()
            .map(|t| Record::from_rdata(query.name().clone(), TTL, RData::TXT(TXT::new(character_strings(t)))))
            .collect(),
        // NoData, another kind, or a zone answering the wrong kind: the name exists, nothing more.
        _ => Vec::new(),
    };
    response.answers = records;
}

/// A text cut into the character-strings of a `TXT` record (255 bytes at most each, cut on
/// character boundaries).
fn character_strings(text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in text.chars() {
        if out.last().is_some_and(|s| s.len() + c.len_utf8() > 255) {
            out.push(String::new());
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

/// The owner name is the question's name as sent (resolvers may randomise its case and check it).
fn a_records(owner: &Name, ips: &[Ipv4Addr]) -> Vec<Record> {
    ips.iter().map(|ip| Record::from_rdata(owner.clone(), TTL, RData::A(ARecord(*ip)))).collect()
}

fn mx_records(owner: &Name, mxs: &[(u16, String)]) -> Vec<Record> {
    mxs.iter()
        .filter_map(|(preference, exchange)| {
            // An exchange that is not a valid name is a bug in the zone: leave it out.
            let exchange = fqdn(exchange)?;
            let rdata = RData::MX(MX::new(*preference, exchange));
            Some(Record::from_rdata(owner.clone(), TTL, rdata))
        })
        .collect()
}

/// `"."` (or `""`) is the root (null MX); anything else is made fully qualified.
fn fqdn(name: &str) -> Option<Name> {
    let name = normalize(name);
    if name.is_empty() {
        return Some(Name::root());
    }
    Name::from_ascii(format!("{name}.")).ok()
}

/// Encodes, truncating UDP answers that exceed what the client can receive (it retries on TCP).
fn encode(request: &Message, response: Message, transport: Transport) -> Option<Vec<u8>> {
    let bytes = response.to_vec().ok()?;
    let limit = match (&request.edns, transport) {
        (_, Transport::Tcp) => usize::from(u16::MAX),
        (Some(edns), Transport::Udp) => usize::from(edns.max_payload().min(EDNS_PAYLOAD)).max(UDP_CLASSIC_MAX),
        (None, Transport::Udp) => UDP_CLASSIC_MAX,
    };
    if bytes.len() <= limit {
        return Some(bytes);
    }
    response.truncate().to_vec().ok()
}

/// Lower case, without the trailing dot: the form [`Zone::answer`] receives.
fn normalize(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

// ---------------------------------------------------------------------------------------------
// A fixed zone
// ---------------------------------------------------------------------------------------------

/// A zone held in memory, built with [`StaticZone::a`] and [`StaticZone::mx`]. A name exists if
/// it or one of its subdomains has a record (a parent of a name is an "empty non-terminal": it
/// exists, with no data, RFC 8020); every other name is NXDOMAIN.
#[derive(Debug, Clone, Default)]
pub struct StaticZone {
    a: HashMap<String, Vec<Ipv4Addr>>,
    mx: HashMap<String, Vec<(u16, String)>>,
    txt: HashMap<String, Vec<String>>,
}

impl StaticZone {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an `A` record.
    pub fn a(mut self, name: &str, ip: Ipv4Addr) -> Self {
        self.a.entry(normalize(name)).or_default().push(ip);
        self
    }

    /// Adds an `MX` record; `exchange` `"."` makes a null MX (RFC 7505).
    pub fn mx(mut self, name: &str, preference: u16, exchange: &str) -> Self {
        let exchange = normalize(exchange);
        let exchange = if exchange.is_empty() { ".".to_owned() } else { exchange };
        self.mx.entry(normalize(name)).or_default().push((preference, exchange));
        self
    }

    /// Adds a `TXT` record (one string; SPF, DKIM and DMARC records fit in one).
    pub fn txt(mut self, name: &str, text: &str) -> Self {
        self.txt.entry(normalize(name)).or_default().push(text.to_string());
        self
    }

    fn exists(&self, name: &str) -> bool {
        let suffix = format!(".{name}");
        self.a
            .keys()
            .chain(self.mx.keys())
            .chain(self.txt.keys())
            .any(|owner| owner == name || owner.ends_with(&suffix))
    }
}

#[async_trait]
impl Zone for StaticZone {
    async fn answer(&self, name: &str, kind: RecordKind) -> ZoneAnswer {
        let name = normalize(name);
        let found = match kind {
            RecordKind::A => self.a.get(&name).map(|ips| ZoneAnswer::A(ips.clone())),
            RecordKind::Mx => self.mx.get(&name).map(|mxs| ZoneAnswer::Mx(mxs.clone())),
            RecordKind::Txt => self.txt.get(&name).map(|texts| ZoneAnswer::Txt(texts.clone())),
        };
        match found {
            Some(answer) => answer,
            None if self.exists(&name) => ZoneAnswer::NoData,
            None => ZoneAnswer::NxDomain,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn zone() -> Arc<dyn Zone> {
        Arc::new(StaticZone::new().a("plomberie-dupont.fr", Ipv4Addr::new(192, 0, 2, 1)).mx(
            "plomberie-dupont.fr",
            10,
            "mx.plomberie-dupont.fr",
        ))
    }

    fn query(name: &str, kind: RecordType) -> Vec<u8> {
        let mut message = Message::query();
        message.metadata.recursion_desired = true;
        message.add_query(Query::query(Name::from_ascii(name).unwrap(), kind));
        message.to_vec().unwrap()
    }

    async fn ask_udp(server: SocketAddr, packet: &[u8]) -> Option<Message> {
        let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        socket.send_to(packet, server).await.unwrap();
        let mut buf = vec![0u8; 4096];
        let received = tokio::time::timeout(Duration::from_millis(300), socket.recv(&mut buf)).await;
        let len = received.ok()?.ok()?;
        Message::from_vec(&buf[..len]).ok()
    }

    #[tokio::test]
    async fn answers_a_over_udp_authoritatively() {
        let server = serve("127.0.0.1:0".parse().unwrap(), zone()).await.unwrap();
        let reply = ask_udp(server.addr, &query("Plomberie-Dupont.fr.", RecordType::A)).await.unwrap();
        assert!(reply.metadata.authoritative && reply.metadata.recursion_desired);
        assert!(!reply.metadata.recursion_available);
        assert_eq!(reply.metadata.response_code, ResponseCode::NoError);
        assert_eq!(reply.answers.len(), 1);
        // The owner keeps the question's case (resolvers may randomise it and compare).
        assert_eq!(reply.answers[0].name.to_ascii(), "Plomberie-Dupont.fr.");
        assert_eq!(reply.answers[0].ttl, TTL);
        assert_eq!(reply.answers[0].data, RData::A(ARecord(Ipv4Addr::new(192, 0, 2, 1))));
    }

    #[tokio::test]
    async fn other_types_are_nodata_or_nxdomain() {
        let server = serve("127.0.0.1:0".parse().unwrap(), zone()).await.unwrap();
        let reply = ask_udp(server.addr, &query("plomberie-dupont.fr.", RecordType::AAAA)).await.unwrap();
        assert_eq!(reply.metadata.response_code, ResponseCode::NoError);
        assert!(reply.answers.is_empty());
        let reply = ask_udp(server.addr, &query("inconnu.fr.", RecordType::TXT)).await.unwrap();
        assert_eq!(reply.metadata.response_code, ResponseCode::NXDomain);
    }

    #[tokio::test]
    async fn malformed_packets_are_ignored() {
        let server = serve("127.0.0.1:0".parse().unwrap(), zone()).await.unwrap();
        assert!(ask_udp(server.addr, b"\x12\x34garbage").await.is_none());
        assert!(ask_udp(server.addr, &[]).await.is_none());
        // Still serving afterwards.
        let reply = ask_udp(server.addr, &query("plomberie-dupont.fr.", RecordType::MX)).await.unwrap();
        assert_eq!(reply.answers.len(), 1);
    }

    #[tokio::test]
    async fn answers_over_tcp_too() {
        let server = serve("127.0.0.1:0".parse().unwrap(), zone()).await.unwrap();
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        let packet = query("plomberie-dupont.fr.", RecordType::MX);
        let mut framed = (packet.len() as u16).to_be_bytes().to_vec();
        framed.extend_from_slice(&packet);
        stream.write_all(&framed).await.unwrap();
        let mut len = [0u8; 2];
        stream.read_exact(&mut len).await.unwrap();
        let mut reply = vec![0u8; u16::from_be_bytes(len) as usize];
        stream.read_exact(&mut reply).await.unwrap();
        let reply = Message::from_vec(&reply).unwrap();
        let expected = MX::new(10, Name::from_ascii("mx.plomberie-dupont.fr.").unwrap());
        assert_eq!(reply.answers[0].data, RData::MX(expected));
    }

    #[tokio::test]
    async fn dropping_the_handle_stops_the_server() {
        let server = serve("127.0.0.1:0".parse().unwrap(), zone()).await.unwrap();
        let addr = server.addr;
        drop(server);
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(ask_udp(addr, &query("plomberie-dupont.fr.", RecordType::A)).await.is_none());
    }

    #[tokio::test]
    async fn static_zone_knows_empty_non_terminals() {
        let zone = StaticZone::new().a("www.vitrine.fr", Ipv4Addr::new(192, 0, 2, 2)).mx("nul.fr", 0, ".");
        assert_eq!(zone.answer("vitrine.fr", RecordKind::A).await, ZoneAnswer::NoData);
        assert_eq!(zone.answer("WWW.vitrine.fr.", RecordKind::Mx).await, ZoneAnswer::NoData);
        assert_eq!(zone.answer("autre.fr", RecordKind::A).await, ZoneAnswer::NxDomain);
        assert_eq!(zone.answer("nul.fr", RecordKind::Mx).await, ZoneAnswer::Mx(vec![(0, ".".into())]));
    }
}
