//! Which peers may tell us the client's address (`PROSPECTA_TRUSTED_PROXIES`). The client IP is
//! what every per-IP limit counts, so a header anyone can write must not choose it: the socket's
//! peer is the client unless that peer is one of our own proxies, and then the client is the
//! rightmost `X-Forwarded-For` hop that is not one of them (hops further left were written by
//! whoever spoke to our first proxy, and can say anything).

use std::net::IpAddr;

/// One address or network (`10.0.0.0/8`, `2001:db8::/32`, `127.0.0.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0:?} is not an IP address or network (e.g. 10.0.0.0/8)")]
pub struct InvalidNet(String);

impl IpNet {
    pub fn parse(s: &str) -> Result<IpNet, InvalidNet> {
        let invalid = || InvalidNet(s.to_string());
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => {
                (a.parse::<IpAddr>().map_err(|_| invalid())?, Some(p.parse::<u8>().map_err(|_| invalid())?))
            }
            None => (s.trim().parse::<IpAddr>().map_err(|_| invalid())?, None),
        };
        IpNet::new(addr, prefix).ok_or_else(invalid)
    }

    /// `addr` with its first `prefix` bits (all of them without one); `None` when `prefix` is
    /// longer than the address.
    pub fn new(addr: IpAddr, prefix: Option<u8>) -> Option<IpNet> {
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(IpNet { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// The deployment's own proxies; empty (the default) trusts no header at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// A comma- or space-separated list of addresses and networks.
    pub fn parse(list: &str) -> Result<TrustedProxies, InvalidNet> {
        list.split([',', ' ']).filter(|s| !s.trim().is_empty()).map(IpNet::parse).collect::<Result<_, _>>().map(Self)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }

    /// The client's address, from the TCP peer and the `X-Forwarded-For` header values.
    pub fn client_ip<'a>(&self, peer: IpAddr, forwarded_for: impl IntoIterator<Item = &'a str>) -> IpAddr {
        if !self.trusts(peer) {
            return canonical(peer);
        }
        // Several headers are one list, in order; read it from the right, skipping our proxies.
        let hops: Vec<&str> = forwarded_for.into_iter().flat_map(|v| v.split(',')).map(str::trim).collect();
        let mut client = canonical(peer);
        for hop in hops.iter().rev() {
            match hop.parse::<IpAddr>() {
                Ok(ip) if self.trusts(ip) => client = canonical(ip),
                Ok(ip) => return canonical(ip),
                // Garbage where an address should be: stop at the last hop we could trust.
                Err(_) => return client,
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_parse_and_match() {
        let net = IpNet::parse("10.0.0.0/8").unwrap();
        assert!(net.contains(ip("10.20.30.40")));
        assert!(!net.contains(ip("11.0.0.1")));
        assert!(net.contains(ip("::ffff:10.0.0.1")), "IPv4-mapped peers are IPv4");
        assert!(IpNet::parse("192.0.2.7").unwrap().contains(ip("192.0.2.7")));
        assert!(!IpNet::parse("192.0.2.7").unwrap().contains(ip("192.0.2.8")));
        assert!(IpNet::parse("2001:db8::/32").unwrap().contains(ip("2001:db8:1::5")));
        assert!(IpNet::parse("0.0.0.0/0").unwrap().contains(ip("203.0.113.1")));
        for bad in ["10.0.0.0/33", "proxy.local", "10.0.0/8", "::1/129", "1.2.3.4/x"] {
            assert!(IpNet::parse(bad).is_err(), "{bad}");
        }
        assert!(TrustedProxies::parse("10.0.0.1, 10.0.0.2 172.16.0.0/12").is_ok());
        assert!(TrustedProxies::parse("").unwrap().is_empty());
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_peer() {
        let none = TrustedProxies::default();
        assert_eq!(none.client_ip(ip("203.0.113.9"), ["1.2.3.4"]), ip("203.0.113.9"), "production default");
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(proxies.client_ip(ip("198.51.100.1"), ["1.2.3.4"]), ip("198.51.100.1"), "untrusted peer");
        assert_eq!(proxies.client_ip(ip("10.0.0.5"), ["203.0.113.9"]), ip("203.0.113.9"));
        assert_eq!(proxies.client_ip(ip("10.0.0.5"), []), ip("10.0.0.5"), "no header: the proxy itself");
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        // The client wrote a fake first hop; our proxies appended the real one, then themselves.
        assert_eq!(proxies.client_ip(ip("10.0.0.5"), ["6.6.6.6, 203.0.113.9, 10.0.0.7"]), ip("203.0.113.9"));
        // Two headers are one list.
        assert_eq!(proxies.client_ip(ip("10.0.0.5"), ["6.6.6.6", "203.0.113.9"]), ip("203.0.113.9"));
        // Garbage at the end stops the walk at the last trusted hop.
        assert_eq!(proxies.client_ip(ip("10.0.0.5"), ["203.0.113.9, pas-une-ip"]), ip("10.0.0.5"));
        // Only proxies: the leftmost of them.
        assert_eq!(proxies.client_ip(ip("10.0.0.5"), ["10.1.1.1, 10.0.0.7"]), ip("10.1.1.1"));
    }
}
