/*
 * What DTrace's network providers share: address families and link types
 * (Linux's values, as inet_ntop() and link_ntop() take them), whether a
 * packet is going out or coming in, and conninfo_t, a connection's two
 * ends as text, translated from the kernel's struct sock.
 */

inline int AF_INET = 2;
inline int AF_INET6 = 10;
inline int ARPHRD_ETHER = 1;
inline int ARPHRD_INFINIBAND = 32;

inline int NET_PROBE_OUTBOUND = 0x00;
inline int NET_PROBE_INBOUND = 0x01;

typedef struct conninfo {
	string ci_local;	/* this host's address */
	string ci_remote;	/* the peer's address */
	string ci_protocol;	/* "ipv4" or "ipv6" */
} conninfo_t;

translator conninfo_t < struct sock *S >
{
	ci_local = S->__sk_common.skc_family == AF_INET6 ?
	    inet_ntoa6(&S->__sk_common.skc_v6_rcv_saddr) :
	    inet_ntoa(&S->__sk_common.skc_rcv_saddr);
	ci_remote = S->__sk_common.skc_family == AF_INET6 ?
	    inet_ntoa6(&S->__sk_common.skc_v6_daddr) :
	    inet_ntoa(&S->__sk_common.skc_daddr);
	ci_protocol = S->__sk_common.skc_family == AF_INET6 ? "ipv6" :
	    S->__sk_common.skc_family == AF_INET ? "ipv4" : "<unknown>";
};
