/*
 * The IP model of DTrace's ip provider: pktinfo_t (a packet), csinfo_t (a
 * connection), ipinfo_t (what IPv4 and IPv6 headers share), ifinfo_t (a
 * network interface), and ipv4info_t / ipv6info_t (the headers, decoded).
 *
 * They are translated from the kernel's own structures: struct sk_buff
 * for a packet (its IP header sits at head + network_header), struct sock
 * for a connection, struct iphdr and struct ipv6hdr for headers, struct
 * net_device for an interface.  Header fields are in network byte order
 * in the kernel and in host order here.
 */

/* protocol numbers (IANA's, as Linux names them) */
inline int IPPROTO_IP = 0;
inline int IPPROTO_HOPOPTS = 0;
inline int IPPROTO_ICMP = 1;
inline int IPPROTO_IGMP = 2;
inline int IPPROTO_IPIP = 4;
inline int IPPROTO_TCP = 6;
inline int IPPROTO_EGP = 8;
inline int IPPROTO_PUP = 12;
inline int IPPROTO_UDP = 17;
inline int IPPROTO_IDP = 22;
inline int IPPROTO_TP = 29;
inline int IPPROTO_DCCP = 33;
inline int IPPROTO_IPV6 = 41;
inline int IPPROTO_ROUTING = 43;
inline int IPPROTO_FRAGMENT = 44;
inline int IPPROTO_RSVP = 46;
inline int IPPROTO_GRE = 47;
inline int IPPROTO_ESP = 50;
inline int IPPROTO_AH = 51;
inline int IPPROTO_ICMPV6 = 58;
inline int IPPROTO_NONE = 59;
inline int IPPROTO_DSTOPTS = 60;
inline int IPPROTO_OSPF = 89;
inline int IPPROTO_MTP = 92;
inline int IPPROTO_BEETPH = 94;
inline int IPPROTO_ENCAP = 98;
inline int IPPROTO_PIM = 103;
inline int IPPROTO_COMP = 108;
inline int IPPROTO_SCTP = 132;
inline int IPPROTO_MH = 135;
inline int IPPROTO_UDPLITE = 136;
inline int IPPROTO_RAW = 255;
inline int IPPROTO_MAX = 256;

inline int TCP_MIN_HEADER_LENGTH = 20;

typedef uint64_t netstackid_t;
typedef struct in6_addr in6_addr_t;

typedef struct pktinfo {
	uintptr_t pkt_addr;	/* the packet's struct sk_buff */
} pktinfo_t;

typedef struct csinfo {
	uintptr_t cs_addr;	/* the connection's struct sock */
	uint64_t cs_cid;	/* an id for the connection (its socket cookie) */
} csinfo_t;

typedef struct ipinfo {
	uint8_t ip_ver;		/* 4 or 6 */
	uint32_t ip_plength;	/* bytes after the IP header */
	string ip_saddr;	/* source address */
	string ip_daddr;	/* destination address */
} ipinfo_t;

typedef struct ifinfo {
	string if_name;		/* the interface's name ("lo", "eth0") */
	int8_t if_local;	/* 1 when there is no interface: local delivery */
	netstackid_t if_ipstack;	/* its network namespace (struct net) */
	uintptr_t if_addr;	/* its struct net_device */
} ifinfo_t;

typedef struct ipv4info {
	uint8_t ipv4_ver;	/* 4 */
	uint8_t ipv4_ihl;	/* header length in bytes */
	uint8_t ipv4_tos;	/* type of service */
	uint16_t ipv4_length;	/* total length, header included */
	uint16_t ipv4_ident;	/* identification */
	uint8_t ipv4_flags;	/* the flag bits: 2 don't fragment, 1 more fragments */
	uint16_t ipv4_offset;	/* fragment offset, in 8-byte units */
	uint8_t ipv4_ttl;	/* time to live */
	uint8_t ipv4_protocol;	/* the protocol carried (IPPROTO_*) */
	string ipv4_protostr;	/* the protocol carried, by name */
	uint16_t ipv4_checksum;	/* header checksum */
	ipaddr_t ipv4_src;	/* source address (network order) */
	ipaddr_t ipv4_dst;	/* destination address (network order) */
	string ipv4_saddr;	/* source address, dotted */
	string ipv4_daddr;	/* destination address, dotted */
	struct iphdr *ipv4_hdr;	/* the header itself */
} ipv4info_t;

typedef struct ipv6info {
	uint8_t ipv6_ver;	/* 6 */
	uint8_t ipv6_tclass;	/* traffic class */
	uint32_t ipv6_flow;	/* flow label */
	uint16_t ipv6_plen;	/* payload length */
	uint8_t ipv6_nexthdr;	/* the next header (IPPROTO_*) */
	string ipv6_nextstr;	/* the next header, by name */
	uint8_t ipv6_hlim;	/* hop limit */
	in6_addr_t *ipv6_src;	/* source address */
	in6_addr_t *ipv6_dst;	/* destination address */
	string ipv6_saddr;	/* source address, as text */
	string ipv6_daddr;	/* destination address, as text */
	struct ipv6hdr *ipv6_hdr;	/* the header itself */
} ipv6info_t;

/* a protocol number by name, as the headers' *_protostr members give it */
inline string ip_protocol_name[int p] =
    p == IPPROTO_TCP ? "TCP" : p == IPPROTO_UDP ? "UDP" : p == IPPROTO_IP ? "IP" :
    p == IPPROTO_ICMP ? "ICMP" : p == IPPROTO_IGMP ? "IGMP" : p == IPPROTO_EGP ? "EGP" :
    p == IPPROTO_IPV6 ? "IPv6" : p == IPPROTO_ROUTING ? "ROUTE" :
    p == IPPROTO_ESP ? "ESP" : p == IPPROTO_AH ? "AH" : p == IPPROTO_ICMPV6 ? "ICMPv6" :
    p == IPPROTO_OSPF ? "OSPF" : p == IPPROTO_SCTP ? "SCTP" : p == IPPROTO_RAW ? "RAW" :
    lltostr(p);

/* where a packet's IP header is, and its version (the first nibble) */
inline uintptr_t skb_ip_header[struct sk_buff *s] = (uintptr_t)(s->head + s->network_header);
inline uint8_t skb_ip_version[struct sk_buff *s] =
    *(uint8_t *)(s->head + s->network_header) >> 4;

translator pktinfo_t < struct sk_buff *S >
{
	pkt_addr = (uintptr_t)S;
};

translator csinfo_t < struct sock *S >
{
	cs_addr = (uintptr_t)S;
	cs_cid = S->__sk_common.skc_cookie.counter;
};

translator ipinfo_t < struct iphdr *I >
{
	ip_ver = 4;
	ip_plength = I == NULL ? 0 : ntohs(I->tot_len) - (I->ihl << 2);
	ip_saddr = I == NULL ? "<unknown>" : inet_ntoa(&I->saddr);
	ip_daddr = I == NULL ? "<unknown>" : inet_ntoa(&I->daddr);
};

translator ipinfo_t < struct ipv6hdr *I >
{
	ip_ver = 6;
	ip_plength = I == NULL ? 0 : ntohs(I->payload_len);
	ip_saddr = I == NULL ? "<unknown>" : inet_ntoa6(&I->saddr);
	ip_daddr = I == NULL ? "<unknown>" : inet_ntoa6(&I->daddr);
};

translator ipinfo_t < struct sk_buff *S >
{
	ip_ver = skb_ip_version[S];
	ip_plength = skb_ip_version[S] == 4 ?
	    ntohs(((struct iphdr *)skb_ip_header[S])->tot_len) -
	    (((struct iphdr *)skb_ip_header[S])->ihl << 2) :
	    skb_ip_version[S] == 6 ?
	    ntohs(((struct ipv6hdr *)skb_ip_header[S])->payload_len) : 0;
	ip_saddr = skb_ip_version[S] == 4 ?
	    inet_ntoa(&((struct iphdr *)skb_ip_header[S])->saddr) :
	    skb_ip_version[S] == 6 ?
	    inet_ntoa6(&((struct ipv6hdr *)skb_ip_header[S])->saddr) : "<unknown>";
	ip_daddr = skb_ip_version[S] == 4 ?
	    inet_ntoa(&((struct iphdr *)skb_ip_header[S])->daddr) :
	    skb_ip_version[S] == 6 ?
	    inet_ntoa6(&((struct ipv6hdr *)skb_ip_header[S])->daddr) : "<unknown>";
};

translator ifinfo_t < struct net_device *N >
{
	if_name = N == NULL ? "<unknown>" : stringof(N->name);
	if_local = N == NULL;
	if_ipstack = N == NULL ? 0 : (netstackid_t)N->nd_net.net;
	if_addr = (uintptr_t)N;
};

translator ipv4info_t < struct iphdr *I >
{
	ipv4_ver = I == NULL ? 0 : 4;
	ipv4_ihl = I == NULL ? 0 : I->ihl << 2;
	ipv4_tos = I == NULL ? 0 : I->tos;
	ipv4_length = I == NULL ? 0 : ntohs(I->tot_len);
	ipv4_ident = I == NULL ? 0 : ntohs(I->id);
	ipv4_flags = I == NULL ? 0 : ntohs(I->frag_off) >> 13;
	ipv4_offset = I == NULL ? 0 : ntohs(I->frag_off) & 0x1fff;
	ipv4_ttl = I == NULL ? 0 : I->ttl;
	ipv4_protocol = I == NULL ? 0 : I->protocol;
	ipv4_protostr = I == NULL ? "<null>" : ip_protocol_name[I->protocol];
	ipv4_checksum = I == NULL ? 0 : ntohs(I->check);
	ipv4_src = I == NULL ? 0 : I->saddr;
	ipv4_dst = I == NULL ? 0 : I->daddr;
	ipv4_saddr = I == NULL ? "<null>" : inet_ntoa(&I->saddr);
	ipv4_daddr = I == NULL ? "<null>" : inet_ntoa(&I->daddr);
	ipv4_hdr = I;
};

translator ipv6info_t < struct ipv6hdr *I >
{
	ipv6_ver = I == NULL ? 0 : I->version;
	ipv6_tclass = I == NULL ? 0 : (ntohl(*(uint32_t *)I) >> 20) & 0xff;
	ipv6_flow = I == NULL ? 0 : ntohl(*(uint32_t *)I) & 0xfffff;
	ipv6_plen = I == NULL ? 0 : ntohs(I->payload_len);
	ipv6_nexthdr = I == NULL ? 0 : I->nexthdr;
	ipv6_nextstr = I == NULL ? "<null>" : ip_protocol_name[I->nexthdr];
	ipv6_hlim = I == NULL ? 0 : I->hop_limit;
	ipv6_src = I == NULL ? (in6_addr_t *)NULL : &I->saddr;
	ipv6_dst = I == NULL ? (in6_addr_t *)NULL : &I->daddr;
	ipv6_saddr = I == NULL ? "<null>" : inet_ntoa6(&I->saddr);
	ipv6_daddr = I == NULL ? "<null>" : inet_ntoa6(&I->daddr);
	ipv6_hdr = I;
};
