/*
 * The TCP model of DTrace's tcp provider: tcpinfo_t (a segment's header,
 * decoded), tcpsinfo_t (a connection's state) and tcplsinfo_t (the state
 * it left).  The kernel's structures they come from: struct tcphdr, or a
 * struct sk_buff whose transport header is TCP; struct tcp_sock, or the
 * struct sock at its start.  TCP states are Linux's own numbers.
 */

/* the flag bits of a TCP header's byte 13 */
inline int TH_FIN = 0x01;
inline int TH_SYN = 0x02;
inline int TH_RST = 0x04;
inline int TH_PSH = 0x08;
inline int TH_ACK = 0x10;
inline int TH_URG = 0x20;
inline int TH_ECE = 0x40;
inline int TH_CWR = 0x80;

inline int TCP_STATE_IDLE = 0;
inline int TCP_STATE_ESTABLISHED = 1;
inline int TCP_STATE_SYN_SENT = 2;
inline int TCP_STATE_SYN_RECEIVED = 3;
inline int TCP_STATE_FIN_WAIT_1 = 4;
inline int TCP_STATE_FIN_WAIT_2 = 5;
inline int TCP_STATE_TIME_WAIT = 6;
inline int TCP_STATE_CLOSED = 7;
inline int TCP_STATE_CLOSE_WAIT = 8;
inline int TCP_STATE_LAST_ACK = 9;
inline int TCP_STATE_LISTEN = 10;
inline int TCP_STATE_CLOSING = 11;

/* a state's name, as DTrace's tcp probes spell them */
inline string tcp_state_string[int state] =
    state == TCP_STATE_IDLE ? "state-idle" :
    state == TCP_STATE_ESTABLISHED ? "state-established" :
    state == TCP_STATE_SYN_SENT ? "state-syn-sent" :
    state == TCP_STATE_SYN_RECEIVED ? "state-syn-received" :
    state == TCP_STATE_FIN_WAIT_1 ? "state-fin-wait-1" :
    state == TCP_STATE_FIN_WAIT_2 ? "state-fin-wait-2" :
    state == TCP_STATE_TIME_WAIT ? "state-time-wait" :
    state == TCP_STATE_CLOSED ? "state-closed" :
    state == TCP_STATE_CLOSE_WAIT ? "state-close-wait" :
    state == TCP_STATE_LAST_ACK ? "state-last-ack" :
    state == TCP_STATE_LISTEN ? "state-listen" :
    state == TCP_STATE_CLOSING ? "state-closing" : "<unknown>";

typedef struct tcpinfo {
	uint16_t tcp_sport;	/* source port */
	uint16_t tcp_dport;	/* destination port */
	uint32_t tcp_seq;	/* sequence number */
	uint32_t tcp_ack;	/* acknowledgment number */
	uint8_t tcp_offset;	/* header length in bytes (where the data starts) */
	uint8_t tcp_flags;	/* TH_* bits */
	uint16_t tcp_window;	/* window */
	uint16_t tcp_checksum;	/* checksum */
	uint16_t tcp_urgent;	/* urgent pointer */
	uintptr_t tcp_hdr;	/* the header itself */
} tcpinfo_t;

typedef struct tcpsinfo {
	uintptr_t tcps_addr;	/* the connection's struct tcp_sock */
	int tcps_local;		/* both ends have the same address */
	uint16_t tcps_lport;	/* local port */
	uint16_t tcps_rport;	/* remote port */
	string tcps_laddr;	/* local address */
	string tcps_raddr;	/* remote address */
	int tcps_state;		/* TCP_STATE_* */
	uint32_t tcps_iss;	/* initial sequence number sent */
	uint32_t tcps_suna;	/* oldest sequence number not acknowledged */
	uint32_t tcps_snxt;	/* next sequence number to send */
	uint32_t tcps_rnxt;	/* next sequence number expected */
	uint32_t tcps_swnd;	/* send window */
	int32_t tcps_snd_ws;	/* send window scale */
	uint32_t tcps_rwnd;	/* receive window */
	int32_t tcps_rcv_ws;	/* receive window scale */
	uint32_t tcps_cwnd;	/* congestion window */
	uint32_t tcps_cwnd_ssthresh;	/* slow start threshold */
	uint32_t tcps_sack_snxt;	/* next sequence number SACK would send */
	uint32_t tcps_rto;	/* retransmission timeout, in jiffies */
	uint32_t tcps_mss;	/* maximum segment size */
	int tcps_retransmit;	/* 1 while retransmitting */
	uint32_t tcps_rtt;	/* smoothed round-trip time, ms */
	uint32_t tcps_rtt_sd;	/* its mean deviation, ms */
	uint32_t tcps_irs;	/* initial sequence number received */
} tcpsinfo_t;

typedef struct tcplsinfo {
	int tcps_state;		/* the state before the change */
} tcplsinfo_t;

/* byte 12 holds the header length in 4-byte words, byte 13 the flags */
translator tcpinfo_t < struct tcphdr *T >
{
	tcp_sport = T == NULL ? 0 : ntohs(T->source);
	tcp_dport = T == NULL ? 0 : ntohs(T->dest);
	tcp_seq = T == NULL ? 0 : ntohl(T->seq);
	tcp_ack = T == NULL ? 0 : ntohl(T->ack_seq);
	tcp_offset = T == NULL ? 0 : (*((uint8_t *)T + 12) >> 4) << 2;
	tcp_flags = T == NULL ? 0 : *((uint8_t *)T + 13);
	tcp_window = T == NULL ? 0 : ntohs(T->window);
	tcp_checksum = T == NULL ? 0 : ntohs(T->check);
	tcp_urgent = T == NULL ? 0 : ntohs(T->urg_ptr);
	tcp_hdr = (uintptr_t)T;
};

/* a packet's TCP header is at head + transport_header */
inline struct tcphdr *skb_tcp_header[struct sk_buff *s] =
    (struct tcphdr *)(s->head + s->transport_header);

translator tcpinfo_t < struct sk_buff *S >
{
	tcp_sport = ntohs(skb_tcp_header[S]->source);
	tcp_dport = ntohs(skb_tcp_header[S]->dest);
	tcp_seq = ntohl(skb_tcp_header[S]->seq);
	tcp_ack = ntohl(skb_tcp_header[S]->ack_seq);
	tcp_offset = (*((uint8_t *)skb_tcp_header[S] + 12) >> 4) << 2;
	tcp_flags = *((uint8_t *)skb_tcp_header[S] + 13);
	tcp_window = ntohs(skb_tcp_header[S]->window);
	tcp_checksum = ntohs(skb_tcp_header[S]->check);
	tcp_urgent = ntohs(skb_tcp_header[S]->urg_ptr);
	tcp_hdr = (uintptr_t)skb_tcp_header[S];
};

/*
 * A tcp_sock starts with its inet_connection_sock, which starts with its
 * inet_sock, which starts with its struct sock: T->inet_conn.icsk_inet.sk
 * is the socket's common part.  The initial sequence numbers are where
 * the byte counts say the streams began; the SACK member is the sequence
 * number after the highest one SACKed, or the next to send when none is.
 */
translator tcpsinfo_t < struct tcp_sock *T >
{
	tcps_addr = (uintptr_t)T;
	tcps_local = T->inet_conn.icsk_inet.sk.__sk_common.skc_family == AF_INET6 ?
	    T->inet_conn.icsk_inet.sk.__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[0] ==
	    T->inet_conn.icsk_inet.sk.__sk_common.skc_v6_daddr.in6_u.u6_addr32[0] &&
	    T->inet_conn.icsk_inet.sk.__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[1] ==
	    T->inet_conn.icsk_inet.sk.__sk_common.skc_v6_daddr.in6_u.u6_addr32[1] &&
	    T->inet_conn.icsk_inet.sk.__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[2] ==
	    T->inet_conn.icsk_inet.sk.__sk_common.skc_v6_daddr.in6_u.u6_addr32[2] &&
	    T->inet_conn.icsk_inet.sk.__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[3] ==
	    T->inet_conn.icsk_inet.sk.__sk_common.skc_v6_daddr.in6_u.u6_addr32[3] :
	    T->inet_conn.icsk_inet.sk.__sk_common.skc_rcv_saddr ==
	    T->inet_conn.icsk_inet.sk.__sk_common.skc_daddr;
	tcps_lport = T->inet_conn.icsk_inet.sk.__sk_common.skc_num;
	tcps_rport = ntohs(T->inet_conn.icsk_inet.sk.__sk_common.skc_dport);
	tcps_laddr = T->inet_conn.icsk_inet.sk.__sk_common.skc_family == AF_INET6 ?
	    inet_ntoa6(&T->inet_conn.icsk_inet.sk.__sk_common.skc_v6_rcv_saddr) :
	    inet_ntoa(&T->inet_conn.icsk_inet.sk.__sk_common.skc_rcv_saddr);
	tcps_raddr = T->inet_conn.icsk_inet.sk.__sk_common.skc_family == AF_INET6 ?
	    inet_ntoa6(&T->inet_conn.icsk_inet.sk.__sk_common.skc_v6_daddr) :
	    inet_ntoa(&T->inet_conn.icsk_inet.sk.__sk_common.skc_daddr);
	tcps_state = T->inet_conn.icsk_inet.sk.__sk_common.skc_state;
	tcps_iss = T->snd_una - (uint32_t)T->bytes_acked - 1;
	tcps_suna = T->snd_una;
	tcps_snxt = T->snd_nxt;
	tcps_rnxt = T->rcv_nxt;
	tcps_swnd = T->snd_wnd;
	tcps_snd_ws = T->rx_opt.snd_wscale;
	tcps_rwnd = T->rcv_wnd;
	tcps_rcv_ws = T->rx_opt.rcv_wscale;
	tcps_cwnd = T->snd_cwnd;
	tcps_cwnd_ssthresh = T->snd_ssthresh;
	tcps_sack_snxt = T->sacked_out == 0 || T->highest_sack == NULL ? T->snd_nxt :
	    ((struct tcp_skb_cb *)&T->highest_sack->cb[0])->end_seq;
	tcps_rto = T->inet_conn.icsk_rto;
	tcps_mss = T->mss_cache;
	tcps_retransmit = T->inet_conn.icsk_retransmits != 0;
	tcps_rtt = (T->srtt_us >> 3) / 1000;
	tcps_rtt_sd = (T->mdev_us >> 2) / 1000;
	tcps_irs = T->rcv_nxt - (uint32_t)T->bytes_received - 1;
};


/* a TCP socket as the struct sock its tcp_sock starts with (tracepoints pass that) */
inline struct tcp_sock *sock_tcp[struct sock *s] = (struct tcp_sock *)s;

translator tcpsinfo_t < struct sock *S >
{
	tcps_addr = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_addr;
	tcps_local = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_local;
	tcps_lport = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_lport;
	tcps_rport = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_rport;
	tcps_laddr = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_laddr;
	tcps_raddr = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_raddr;
	tcps_state = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_state;
	tcps_iss = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_iss;
	tcps_suna = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_suna;
	tcps_snxt = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_snxt;
	tcps_rnxt = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_rnxt;
	tcps_swnd = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_swnd;
	tcps_snd_ws = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_snd_ws;
	tcps_rwnd = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_rwnd;
	tcps_rcv_ws = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_rcv_ws;
	tcps_cwnd = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_cwnd;
	tcps_cwnd_ssthresh = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_cwnd_ssthresh;
	tcps_sack_snxt = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_sack_snxt;
	tcps_rto = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_rto;
	tcps_mss = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_mss;
	tcps_retransmit = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_retransmit;
	tcps_rtt = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_rtt;
	tcps_rtt_sd = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_rtt_sd;
	tcps_irs = xlate <tcpsinfo_t *> (sock_tcp[S])->tcps_irs;
};

translator tcplsinfo_t < int I >
{
	tcps_state = I;
};
