/*
 * What DTrace's lockstat provider reports a reader/writer lock was taken
 * for.
 */

inline int RW_WRITER = 0x00;
inline int RW_READER = 0x01;
