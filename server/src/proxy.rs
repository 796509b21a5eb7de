//! Which proxies in front of the server are trusted to say who the client is.
//!
//! Behind a reverse proxy every connection comes from the proxy, so throttling by address
//! would put every client under one limit and the sign-in log would name the proxy. A proxy
//! named here is believed about the address it saw (`X-Forwarded-For`); nobody else is,
//! since anyone can send that header.

use std::net::IpAddr;
use std::str::FromStr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The proxies trusted to forward the client's address: addresses or networks.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

/// One address (`10.0.0.5`) or network (`10.0.0.0/8`) of trusted proxies, as configured.
pub fn parse_network(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    IpNet::from_str(text)
        .or_else(|_| IpAddr::from_str(text).map(IpNet::from))
        .map_err(|_| format!("«{text}» is neither an address nor a network (like 10.0.0.0/8)"))
}

impl TrustedProxies {
    /// Trusts the proxies at `networks`.
    pub fn new(networks: Vec<IpNet>) -> Self {
        Self(networks)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|n| n.contains(&address))
    }

    /// Whether a trusted proxy says the client reached it over HTTPS: the last
    /// `X-Forwarded-Proto` it set is `https`.
    pub fn says_https(&self, peer: IpAddr, headers: &HeaderMap) -> bool {
        self.trusts(peer)
            && headers
                .get_all("x-forwarded-proto")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
    }

    /// The client's address for a connection from `peer` with `headers`: `peer` itself,
    /// unless it is a trusted proxy. Then `X-Forwarded-For` is read from the right (each
    /// proxy appends the address it saw) and the first address not of a trusted proxy is
    /// the client; what lies left of it was written by the client and is not believed.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect::<Vec<_>>();
        for hop in forwarded.iter().rev() {
            let Ok(address) = IpAddr::from_str(hop.trim()) else {
                // A hop that is not an address: nothing left of it can be trusted either.
                return client;
            };
            client = canonical(address);
            if !self.trusts(client) {
                return client;
            }
        }
        client
    }
}

/// An IPv4 address seen through an IPv6 socket (`::ffff:10.0.0.1`) as the IPv4 address.
pub(crate) fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", forwarded.parse().expect("a header"));
        h
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_about_the_client() {
        let proxies = TrustedProxies::new(vec![
            parse_network("127.0.0.1").expect("an address"),
            parse_network("10.0.0.0/8").expect("a network"),
        ]);
        let h = headers("203.0.113.7");
        // A stranger's header is ignored: the stranger is the client.
        assert_eq!(proxies.client(ip("198.51.100.2"), &h), ip("198.51.100.2"));
        // Through the proxy, the address it saw.
        assert_eq!(proxies.client(ip("127.0.0.1"), &h), ip("203.0.113.7"));
        // A client writing its own header gains nothing: the rightmost untrusted hop counts.
        let forged = headers("1.2.3.4, 203.0.113.7");
        assert_eq!(proxies.client(ip("127.0.0.1"), &forged), ip("203.0.113.7"));
        // Through two proxies of ours.
        let chain = headers("203.0.113.7, 10.1.2.3");
        assert_eq!(proxies.client(ip("127.0.0.1"), &chain), ip("203.0.113.7"));
        // Nothing forwarded: the proxy itself.
        assert_eq!(
            proxies.client(ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
        // Garbage stops the walk at the last address believed.
        let junk = headers("nonsense, 203.0.113.7");
        assert_eq!(proxies.client(ip("127.0.0.1"), &junk), ip("203.0.113.7"));
        // Nobody trusted: the header is never read.
        assert_eq!(
            TrustedProxies::default().client(ip("127.0.0.1"), &h),
            ip("127.0.0.1")
        );
        assert!(parse_network("not an address").is_err());
    }
}
