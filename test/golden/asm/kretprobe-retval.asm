kretprobe:vfs_read:
; 1: kretprobe:vfs_read /(int64)retval < 0/ {
   0: (bf) r6 = r1
   1: (79) r7 = *(u64 *)(r6 +80)
   2: (c5) if r7 s< 0x0 goto pc+2
   3: (b7) r7 = 0
   4: (05) goto pc+1
   5: (b7) r7 = 1
   6: (15) if r7 == 0x0 goto pc+17
; 2: printf("%s failed: %d\n", func, retval);
   7: (7a) *(u64 *)(r10 -24) = 0
   8: (bf) r1 = r6
   9: (85) call bpf_get_func_ip#173
  10: (7b) *(u64 *)(r10 -16) = r0
  11: (79) r7 = *(u64 *)(r6 +80)
  12: (7b) *(u64 *)(r10 -8) = r7
  13: (18) r1 = map[ringbuf]
  15: (bf) r2 = r10
  16: (07) r2 += -24
  17: (b7) r3 = 24
  18: (b7) r4 = 0
  19: (85) call bpf_ringbuf_output#130
  20: (18) r1 = map[lost_events][0]+0
  22: (77) r0 >>= 63
  23: (db) lock *(u64 *)(r1 +0) += r0
; 1: kretprobe:vfs_read /(int64)retval < 0/ {
  24: (b7) r0 = 0
  25: (95) exit
