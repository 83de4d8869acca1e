/* @args: -q -x pcapsize=16 -c "@loopback" */
/* the workload's UDP datagram ("hello", 47 bytes with its Ethernet and IP
   headers) as the loopback device queues it: pcap() keeps pcapsize bytes of
   it, the same bytes tracemem() shows; the first 16 are stable (loopback's
   zero MAC addresses, the IPv4 type, version and header length) */
rawtp:net::net_dev_queue
/pid == $target && args[0]->len == 47/
{
	printf("pcap:");
	pcap(args[0], PCAP_ETHER);
	printf("tracemem:");
	tracemem(args[0]->data, 16);
	printf("nothing for a NULL packet:");
	pcap((struct sk_buff *)0, PCAP_ETHER);
	printf("\n");
}
