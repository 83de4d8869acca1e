/* @args: -xerrtags */
/* @status: 1 */
/* only the constant 0 stands for a pointer; any other integer does not */
BEGIN
{
	pcap(8, PCAP_IP);
}
