/*
 * Network traffic on the loopback interface only: a TCP connection to a
 * listener of its own (connect, 10 bytes each way, close), then one UDP
 * datagram of 5 bytes to 127.0.0.1 port 9 (discard).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	char buf[10] = "0123456789";
	int srv, cli, acc, udp;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srv = socket(AF_INET, SOCK_STREAM, 0);
	if (srv < 0 || bind(srv, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    listen(srv, 1) < 0 || getsockname(srv, (struct sockaddr *)&addr, &len) < 0)
		return 1;
	cli = socket(AF_INET, SOCK_STREAM, 0);
	if (cli < 0 || connect(cli, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return 1;
	acc = accept(srv, NULL, NULL);
	if (acc < 0)
		return 1;
	(void) write(cli, buf, sizeof(buf));
	(void) read(acc, buf, sizeof(buf));
	(void) write(acc, buf, sizeof(buf));
	(void) read(cli, buf, sizeof(buf));
	close(cli);
	close(acc);
	close(srv);

	udp = socket(AF_INET, SOCK_DGRAM, 0);
	addr.sin_port = htons(9);
	(void) sendto(udp, "hello", 5, 0, (struct sockaddr *)&addr, sizeof(addr));
	close(udp);
	return 0;
}
