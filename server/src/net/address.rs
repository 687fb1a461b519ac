//! Which IP addresses are public. Pure: every class is unit-tested below. An address that embeds
//! an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) is judged by the IPv4 address it
//! leads to, since that is where the packets go.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What an address is. Everything but [`AddressClass::Public`] is refused when private networks
/// are denied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressClass {
    Public,
    /// 0.0.0.0/8, `::` ("this host": connecting to it reaches the local machine).
    Unspecified,
    /// 127.0.0.0/8, `::1`.
    Loopback,
    /// RFC 1918: 10/8, 172.16/12, 192.168/16.
    Private,
    /// 100.64.0.0/10, carrier-grade NAT (RFC 6598).
    SharedCgnat,
    /// 169.254/16 (cloud metadata services live there), fe80::/10.
    LinkLocal,
    /// fc00::/7 (RFC 4193), and the deprecated site-local fec0::/10.
    UniqueLocal,
    /// 224/4, ff00::/8.
    Multicast,
    /// 255.255.255.255.
    Broadcast,
    /// 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32.
    Documentation,
    /// 192.0.0/24, 198.18/15 (benchmarks), 240/4, 100::/64, Teredo, local-use NAT64 64:ff9b:1::/48:
    /// not routed on the public Internet, or hiding where packets go.
    Reserved,
}

impl AddressClass {
    pub fn is_public(self) -> bool {
        self == AddressClass::Public
    }

    /// French, for error messages ("… est une adresse de bouclage").
    pub fn label_fr(self) -> &'static str {
        match self {
            AddressClass::Public => "publique",
            AddressClass::Unspecified => "non spécifiée (cette machine)",
            AddressClass::Loopback => "de bouclage (cette machine)",
            AddressClass::Private => "de réseau privé",
            AddressClass::SharedCgnat => "de réseau partagé d'opérateur (CGNAT)",
            AddressClass::LinkLocal => "de lien local",
            AddressClass::UniqueLocal => "IPv6 locale",
            AddressClass::Multicast => "de multidiffusion",
            AddressClass::Broadcast => "de diffusion",
            AddressClass::Documentation => "réservée à la documentation",
            AddressClass::Reserved => "réservée",
        }
    }
}

/// The class of `ip` (see the module documentation for embedded IPv4 addresses).
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

pub fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let [a, b, c, _] = ip.octets();
    match (a, b, c) {
        _ if ip == Ipv4Addr::BROADCAST => AddressClass::Broadcast,
        (0, _, _) => AddressClass::Unspecified,
        (127, _, _) => AddressClass::Loopback,
        (10, _, _) => AddressClass::Private,
        (172, 16..=31, _) => AddressClass::Private,
        (192, 168, _) => AddressClass::Private,
        (100, 64..=127, _) => AddressClass::SharedCgnat,
        (169, 254, _) => AddressClass::LinkLocal,
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => AddressClass::Documentation,
        (192, 0, 0) | (198, 18..=19, _) => AddressClass::Reserved,
        (224..=239, _, _) => AddressClass::Multicast,
        (240..=255, _, _) => AddressClass::Reserved,
        _ => AddressClass::Public,
    }
}

pub fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    if let Some(v4) = embedded_v4(ip) {
        return classify_v4(v4);
    }
    let s = ip.segments();
    if ip.is_unspecified() {
        return AddressClass::Unspecified;
    }
    if ip.is_loopback() {
        return AddressClass::Loopback;
    }
    match s[0] {
        0xfe80..=0xfebf => AddressClass::LinkLocal,
        0xfec0..=0xfeff | 0xfc00..=0xfdff => AddressClass::UniqueLocal,
        0xff00..=0xffff => AddressClass::Multicast,
        0x2001 if s[1] == 0x0db8 => AddressClass::Documentation,
        // Teredo (2001::/32): the client's IPv4 is obfuscated in the address; ORCHID and other
        // IETF assignments of 2001::/23 are not reachable hosts either.
        0x2001 if s[1] < 0x0200 => AddressClass::Reserved,
        // Local-use NAT64 (RFC 8215): translated by a private gateway to anything.
        0x0064 if s[1] == 0xff9b && s[2] == 0x0001 => AddressClass::Reserved,
        // Discard-only prefix.
        0x0100 if s[1] == 0 && s[2] == 0 && s[3] == 0 => AddressClass::Reserved,
        // Global unicast is 2000::/3; the rest of the space is unassigned or special.
        0x2000..=0x3fff => AddressClass::Public,
        _ => AddressClass::Reserved,
    }
}

/// The IPv4 address an IPv6 address leads to: IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible
/// `::a.b.c.d` (deprecated, still routed by some stacks), NAT64 `64:ff9b::a.b.c.d` (RFC 6052)
/// and 6to4 `2002:AABB:CCDD::/48` (RFC 3056).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low = |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    // `::a.b.c.d` but not `::` and `::1`, which are IPv6's own unspecified and loopback.
    if s[..6].iter().all(|&x| x == 0) && (s[6] != 0 || s[7] > 1) {
        return Some(low(s[6], s[7]));
    }
    if s[0] == 0x0064 && s[1] == 0xff9b && s[2..6].iter().all(|&x| x == 0) {
        return Some(low(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        return Some(low(s[1], s[2]));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use AddressClass::*;

    fn class(text: &str) -> AddressClass {
        classify(text.parse().expect(text))
    }

    #[test]
    fn every_ipv4_class() {
        let cases = [
            ("0.0.0.0", Unspecified),
            ("0.1.2.3", Unspecified),
            ("127.0.0.1", Loopback),
            ("127.255.0.9", Loopback),
            ("10.0.0.1", Private),
            ("10.255.255.255", Private),
            ("172.16.0.1", Private),
            ("172.31.255.254", Private),
            ("192.168.1.1", Private),
            ("100.64.0.1", SharedCgnat),
            ("100.127.255.255", SharedCgnat),
            ("169.254.169.254", LinkLocal),
            ("169.254.0.1", LinkLocal),
            ("224.0.0.1", Multicast),
            ("239.255.255.250", Multicast),
            ("255.255.255.255", Broadcast),
            ("240.0.0.1", Reserved),
            ("192.0.0.8", Reserved),
            ("198.18.0.1", Reserved),
            ("192.0.2.1", Documentation),
            ("198.51.100.7", Documentation),
            ("203.0.113.9", Documentation),
        ];
        for (ip, expected) in cases {
            assert_eq!(class(ip), expected, "{ip}");
            assert!(!expected.is_public());
        }
    }

    #[test]
    fn public_ipv4_next_to_the_private_ranges() {
        for ip in [
            "1.1.1.1",
            "8.8.8.8",
            "9.255.255.255",
            "11.0.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.167.255.255",
            "192.169.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "169.253.255.255",
            "169.255.0.0",
            "126.255.255.255",
            "128.0.0.1",
            "223.255.255.255",
            "198.17.255.255",
            "198.20.0.0",
            "91.198.174.192",
        ] {
            assert_eq!(class(ip), Public, "{ip}");
        }
    }

    #[test]
    fn every_ipv6_class() {
        let cases = [
            ("::", Unspecified),
            ("::1", Loopback),
            ("fe80::1", LinkLocal),
            ("febf:ffff::1", LinkLocal),
            ("fc00::1", UniqueLocal),
            ("fd12:3456:789a::1", UniqueLocal),
            ("fec0::1", UniqueLocal),
            ("ff02::1", Multicast),
            ("ff05::2", Multicast),
            ("2001:db8::1", Documentation),
            ("2001:0:4136:e378:8000:63bf:3fff:fdd2", Reserved),
            ("64:ff9b:1::a00:1", Reserved),
            ("100::1", Reserved),
            ("4000::1", Reserved),
        ];
        for (ip, expected) in cases {
            assert_eq!(class(ip), expected, "{ip}");
        }
        assert_eq!(class("2a00:1450:4007:80e::200e"), Public);
        assert_eq!(class("2606:4700:4700::1111"), Public);
    }

    #[test]
    fn embedded_ipv4_addresses_are_judged_by_their_ipv4() {
        let cases = [
            // IPv4-mapped
            ("::ffff:127.0.0.1", Loopback),
            ("::ffff:10.1.2.3", Private),
            ("::ffff:169.254.169.254", LinkLocal),
            ("::ffff:100.64.1.1", SharedCgnat),
            ("::ffff:0.0.0.0", Unspecified),
            ("::ffff:8.8.8.8", Public),
            // IPv4-compatible (deprecated)
            ("::127.0.0.1", Loopback),
            ("::192.168.0.1", Private),
            // NAT64 well-known prefix
            ("64:ff9b::127.0.0.1", Loopback),
            ("64:ff9b::a9fe:a9fe", LinkLocal),
            ("64:ff9b::10.0.0.1", Private),
            ("64:ff9b::8.8.8.8", Public),
            // 6to4
            ("2002:7f00:1::1", Loopback),
            ("2002:c0a8:101::1", Private),
            ("2002:a9fe:a9fe::1", LinkLocal),
            ("2002:0808:0808::1", Public),
        ];
        for (ip, expected) in cases {
            assert_eq!(class(ip), expected, "{ip}");
        }
    }

    #[test]
    fn labels_are_french() {
        assert_eq!(Loopback.label_fr(), "de bouclage (cette machine)");
        assert_eq!(LinkLocal.label_fr(), "de lien local");
    }
}
