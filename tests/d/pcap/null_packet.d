/* @args: -q */
/* a NULL packet records length 0 and prints nothing, however many times
   (each call must give back the registers it used); the PCAP_* link types
   are libpcap's DLT_* numbers */
BEGIN
{
	pcap(0, PCAP_IP);
	pcap(0, PCAP_IP);
	pcap(0, PCAP_IP);
	pcap(0, PCAP_IP);
	pcap(0, PCAP_IP);
	pcap(0, PCAP_ETHER);
	pcap(0, PCAP_ETHER);
	pcap(0, PCAP_ETHER);
	pcap(0, PCAP_ETHER);
	pcap((struct sk_buff *)NULL, PCAP_ETHER);
	pcap((void *)0, 1);
	printf("%d %d %d %d %d %d\n", PCAP_NULL, PCAP_ETHER, PCAP_PPP, PCAP_IP, PCAP_WIFI,
	    PCAP_IPOIB);
	exit(0);
}
