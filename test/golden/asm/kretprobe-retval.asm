kretprobe:vfs_read:
; 1: kretprobe:vfs_read /(int64)retval < 0/ {
   0: (bf) r6 = r1
   1: (79) r7 = *(u64 *)(r6 +80)
   2: (c5) if r7 s< 0x0 goto pc+2
   3: (b7) r7 = 0
   4: (05) goto pc+1
   5: (b7) r7 = 1
   6: (15) if r7 == 0x0 goto pc+38
; 2: printf("%s failed: %d\n", func, retval);
   7: (7a) *(u64 *)(r10 -80) = 0
   8: (18) r0 = 0x646165725f736676
  10: (7b) *(u64 *)(r10 -72) = r0
  11: (18) r0 = 0x0
  13: (7b) *(u64 *)(r10 -64) = r0
  14: (18) r0 = 0x0
  16: (7b) *(u64 *)(r10 -56) = r0
  17: (18) r0 = 0x0
  19: (7b) *(u64 *)(r10 -48) = r0
  20: (18) r0 = 0x0
  22: (7b) *(u64 *)(r10 -40) = r0
  23: (18) r0 = 0x0
  25: (7b) *(u64 *)(r10 -32) = r0
  26: (18) r0 = 0x0
  28: (7b) *(u64 *)(r10 -24) = r0
  29: (18) r0 = 0x0
  31: (7b) *(u64 *)(r10 -16) = r0
  32: (79) r7 = *(u64 *)(r6 +80)
  33: (7b) *(u64 *)(r10 -8) = r7
  34: (18) r1 = map[ringbuf]
  36: (bf) r2 = r10
  37: (07) r2 += -80
  38: (b7) r3 = 80
  39: (b7) r4 = 0
  40: (85) call bpf_ringbuf_output#130
  41: (18) r1 = map[lost_events][0]+0
  43: (77) r0 >>= 63
  44: (db) lock *(u64 *)(r1 +0) += r0
; 1: kretprobe:vfs_read /(int64)retval < 0/ {
  45: (b7) r0 = 0
  46: (95) exit
