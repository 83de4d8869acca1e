/*
 * Link types for pcap(skb, type): the libpcap DLT_* number of the header the
 * captured bytes start with.  A script may pass any other DLT_* value itself.
 */

inline int PCAP_NULL = 0;	/* BSD loopback: a 4-byte family, then IP */
inline int PCAP_ETHER = 1;	/* Ethernet */
inline int PCAP_PPP = 9;	/* PPP */
inline int PCAP_IP = 12;	/* raw IP: an IPv4 or IPv6 header comes first */
inline int PCAP_WIFI = 105;	/* IEEE 802.11 */
inline int PCAP_IPOIB = 242;	/* IP over InfiniBand */
