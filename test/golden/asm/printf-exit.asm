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
  14: (7a) *(u64 *)(r10 -8) = 1
  15: (18) r1 = map[ringbuf]
  17: (bf) r2 = r10
  18: (07) r2 += -8
  19: (b7) r3 = 8
  20: (b7) r4 = 0
  21: (85) call bpf_ringbuf_output#130
  22: (05) goto pc+0
  23: (b7) r0 = 0
  24: (95) exit
