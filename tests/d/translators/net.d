/* @args: -q -c "@loopback" */
/* The network translators through xlate, fed by kernel tracepoints on
   loopback traffic: tcpsinfo_t and conninfo_t of the socket whose TCP
   state changes, tcplsinfo_t of the state it leaves; ipinfo_t, ifinfo_t,
   ipv4info_t, tcpinfo_t and udpinfo_t of each packet queued */
rawtp:sock::inet_sock_set_state
/pid == $target/
{
	this->s = xlate <tcpsinfo_t *> ((struct sock *)args[0]);
	this->c = xlate <conninfo_t *> ((struct sock *)args[0]);
	@states[tcp_state_string[xlate <tcplsinfo_t> (args[1]).tcps_state],
	    tcp_state_string[args[2]], tcp_state_string[this->s->tcps_state] ==
	    tcp_state_string[args[1]], this->s->tcps_laddr, this->c->ci_protocol] = count();
}

rawtp:sock::inet_sock_set_state
/pid == $target && args[2] == TCP_STATE_ESTABLISHED/
{
	this->s = xlate <tcpsinfo_t *> ((struct sock *)args[0]);
	@established["local", this->s->tcps_local, "remote", this->s->tcps_raddr,
	    "ports set", this->s->tcps_lport != 0 && this->s->tcps_rport != 0,
	    "conn", xlate <conninfo_t *> ((struct sock *)args[0])->ci_remote] = count();
}

rawtp:net::net_dev_queue
/pid == $target && (((struct iphdr *)skb_ip_header[args[0]])->protocol == IPPROTO_TCP ||
    ((struct iphdr *)skb_ip_header[args[0]])->protocol == IPPROTO_UDP)/
{
	this->i = xlate <ipinfo_t *> (args[0]);
	this->v4 = xlate <ipv4info_t *> ((struct iphdr *)skb_ip_header[args[0]]);
	@packets[this->i->ip_ver, this->v4->ipv4_protostr, this->i->ip_saddr, this->i->ip_daddr,
	    xlate <ifinfo_t *> (args[0]->dev)->if_name,
	    this->v4->ipv4_length - this->v4->ipv4_ihl == this->i->ip_plength] = max(1);
}

rawtp:net::net_dev_queue
/pid == $target && xlate <ipinfo_t> (args[0]).ip_ver == 4 &&
    ((struct iphdr *)skb_ip_header[args[0]])->protocol == IPPROTO_TCP/
{
	this->t = xlate <tcpinfo_t *> (args[0]);
	this->data = xlate <ipinfo_t> (args[0]).ip_plength - this->t->tcp_offset;
	/* the segments that carry data or open or close (how many bare ACKs
	   there are depends on timing) */
	if (this->data > 0 || this->t->tcp_flags & (TH_SYN | TH_FIN)) {
		@tcpflags[this->t->tcp_flags & TH_SYN ? "SYN" : "",
		    this->t->tcp_flags & TH_ACK ? "ACK" : "",
		    this->t->tcp_flags & TH_FIN ? "FIN" : "", this->data] = count();
	}
}

rawtp:net::net_dev_queue
/pid == $target && xlate <ipinfo_t> (args[0]).ip_ver == 4 &&
    ((struct iphdr *)skb_ip_header[args[0]])->protocol == IPPROTO_UDP/
{
	this->u = xlate <udpinfo_t *> (args[0]);
	printf("udp to port %d, %d bytes, the socket's port %d\n", this->u->udp_dport,
	    this->u->udp_length, xlate <udpsinfo_t *> (args[0]->sk)->udps_lport ==
	    this->u->udp_sport);
}

syscall::sendto:entry
/pid == $target/
{
	/* a socket has no path: d_path names it as the kernel does */
	printf("sendto %s...] on %s\n", substr(fds[arg0].fi_pathname, 0, 8), fds[arg0].fi_fs);
}

END
{
	printa("%s -> %s (was %d) %s %s: %@d\n", @states);
	printa("%s %d %s %s %s %d %s %s: %@d\n", @established);
	printa("IPv%d %s %s -> %s on %s, plength %d\n", @packets);
	printa("[%s %s %s] data %d: %@d\n", @tcpflags);
}
