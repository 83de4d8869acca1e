/* @args: -xerrtags */
/* @status: 1 */
/* the packet is passed by its address, not as a struct value; an anonymous
   struct is named "struct " as DTrace names it */
struct {
	long header;
} packet;

BEGIN
{
	pcap(packet, PCAP_IP);
}
