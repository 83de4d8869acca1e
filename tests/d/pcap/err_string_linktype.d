/* @args: -xerrtags */
/* @status: 1 */
/* the link type is a number (a PCAP_* name), not its name */
BEGIN
{
	pcap(curthread, "ether");
}
