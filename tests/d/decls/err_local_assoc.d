/* @args: -xerrtags */
/* @status: 1 */
/* clause-local associative arrays cannot be declared */
this int counts[string];
