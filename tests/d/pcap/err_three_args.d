/* @args: -xerrtags */
/* @status: 1 */
/* nor does it take a length: pcapsize says how much is kept */
BEGIN
{
	pcap(curthread, PCAP_ETHER, 64);
}
