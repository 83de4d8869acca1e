/* @args: -q */
/* structs kept in globals, clause-locals, thread-locals and associative
   arrays: member stores, whole-struct copies, nesting and sizes */
struct point {
	int x;
	short y;
};

struct segment {
	struct point from;
	struct point to;
	char tag;
};

struct segment g;
this struct point lp;
self struct point sp;

BEGIN
{
	g.from.x = 10;
	g.from.y = -20;
	g.to = g.from;
	g.to.x++;
	g.tag = 'q';
	this->lp.x = 7;
	this->lp.y = 8;
	self->sp = this->lp;
	self->sp.y += 100;
	pts["a"] = g.to;
	pts["a"].y = 33;
	printf("%d %d %d %d %c\n", g.from.x, g.from.y, g.to.x, g.to.y, g.tag);
	printf("%d %d / %d %d\n", this->lp.x, this->lp.y, self->sp.x, self->sp.y);
	printf("%d %d, missing %d\n", pts["a"].x, pts["a"].y, pts["b"].x);
	printf("%d %d %d %d\n", sizeof(struct point), sizeof(g), offsetof(struct segment, to),
	    offsetof(struct segment, tag));
	exit(0);
}
