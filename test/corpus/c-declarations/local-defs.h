#ifndef LOCAL_DEFS_H
#define LOCAL_DEFS_H
/* A header beside the script, found by #include "..." */
#define LOCAL_LEVEL (1 + 1)
#define LOCAL_NAME "local"
#define PAIR_OF(t) struct { t first; t second; }
struct local_pair { PAIR_OF(long) p; };
#endif
