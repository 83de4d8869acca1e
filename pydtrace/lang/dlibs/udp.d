/*
 * The UDP model of DTrace's udp provider: udpinfo_t (a datagram's header,
 * decoded) and udpsinfo_t (a socket's two ends), from the kernel's struct
 * udphdr or a struct sk_buff whose transport header is UDP, and from
 * struct udp_sock or the struct sock it starts with.
 */

typedef struct udpinfo {
	uint16_t udp_sport;	/* source port */
	uint16_t udp_dport;	/* destination port */
	uint16_t udp_length;	/* length, header included */
	uint16_t udp_checksum;	/* checksum */
	struct udphdr *udp_hdr;	/* the header itself */
} udpinfo_t;

typedef struct udpsinfo {
	uintptr_t udps_addr;	/* the socket's struct udp_sock */
	uint16_t udps_lport;	/* local port */
	uint16_t udps_rport;	/* remote port (0 when not connected) */
	string udps_laddr;	/* local address */
	string udps_raddr;	/* remote address */
} udpsinfo_t;

translator udpinfo_t < struct udphdr *U >
{
	udp_sport = U == NULL ? 0 : ntohs(U->source);
	udp_dport = U == NULL ? 0 : ntohs(U->dest);
	udp_length = U == NULL ? 0 : ntohs(U->len);
	udp_checksum = U == NULL ? 0 : ntohs(U->check);
	udp_hdr = U;
};

/* a packet's UDP header is at head + transport_header */
inline struct udphdr *skb_udp_header[struct sk_buff *s] =
    (struct udphdr *)(s->head + s->transport_header);

translator udpinfo_t < struct sk_buff *S >
{
	udp_sport = ntohs(skb_udp_header[S]->source);
	udp_dport = ntohs(skb_udp_header[S]->dest);
	udp_length = ntohs(skb_udp_header[S]->len);
	udp_checksum = ntohs(skb_udp_header[S]->check);
	udp_hdr = skb_udp_header[S];
};

translator udpsinfo_t < struct sock *S >
{
	udps_addr = (uintptr_t)S;
	udps_lport = S->__sk_common.skc_num;
	udps_rport = ntohs(S->__sk_common.skc_dport);
	udps_laddr = S->__sk_common.skc_family == AF_INET6 ?
	    inet_ntoa6(&S->__sk_common.skc_v6_rcv_saddr) :
	    inet_ntoa(&S->__sk_common.skc_rcv_saddr);
	udps_raddr = S->__sk_common.skc_family == AF_INET6 ?
	    inet_ntoa6(&S->__sk_common.skc_v6_daddr) :
	    inet_ntoa(&S->__sk_common.skc_daddr);
};

/* a udp_sock starts with its inet_sock, which starts with its struct sock */
translator udpsinfo_t < struct udp_sock *U >
{
	udps_addr = (uintptr_t)U;
	udps_lport = xlate <udpsinfo_t *> (&U->inet.sk)->udps_lport;
	udps_rport = xlate <udpsinfo_t *> (&U->inet.sk)->udps_rport;
	udps_laddr = xlate <udpsinfo_t *> (&U->inet.sk)->udps_laddr;
	udps_raddr = xlate <udpsinfo_t *> (&U->inet.sk)->udps_raddr;
};
