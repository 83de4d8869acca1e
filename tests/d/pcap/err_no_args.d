/* @args: -xerrtags */
/* @status: 1 */
/* pcap() needs the packet and its link type */
BEGIN
{
	pcap();
}
