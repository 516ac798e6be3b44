BEGIN:
; 1: BEGIN { printf("hello %s %d\n", "world", 42); exit(); }
   0: (bf) r6 = r1
   1: (7a) *(u64 *)(r10 -24) = 0
   2: (18) r0 = 0x646c726f77
   4: (7b) *(u64 *)(r10 -16) = r0
   5: (b7) r7 = 42
   6: (7b) *(u64 *)(r10 -8) = r7
   7: (18) r1 = map[ringbuf]
   9: (bf) r2 = r10
  10: (07) r2 += -24
  11: (b7) r3 = 24
  12: (b7) r4 = 0
  13: (85) call bpf_ringbuf_output#130
  14: (18) r1 = map[lost_events][0]+0
  16: (77) r0 >>= 63
  17: (db) lock *(u64 *)(r1 +0) += r0
  18: (18) r1 = map[lost_events][0]+8
  20: (7a) *(u64 *)(r1 +0) = 1
  21: (7a) *(u64 *)(r10 -8) = 1
  22: (18) r1 = map[ringbuf]
  24: (bf) r2 = r10
  25: (07) r2 += -8
  26: (b7) r3 = 8
  27: (b7) r4 = 0
  28: (85) call bpf_ringbuf_output#130
  29: (18) r1 = map[lost_events][0]+0
  31: (77) r0 >>= 63
  32: (db) lock *(u64 *)(r1 +0) += r0
  33: (05) goto pc+0
  34: (b7) r0 = 0
  35: (95) exit
