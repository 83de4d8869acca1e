/*
 * Address families inet_ntop() takes, and the link types link_ntop() takes
 * (Linux's values).
 */

inline int AF_INET = 2;
inline int AF_INET6 = 10;
inline int ARPHRD_ETHER = 1;
inline int ARPHRD_INFINIBAND = 32;
