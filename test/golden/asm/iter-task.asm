iter:task:
; 1: iter:task /ctx->task->pid == 2/ {
   0: (bf) r6 = r1
   1: (79) r1 = *(u64 *)(r6 +8)
   2: (15) if r1 == 0x0 goto pc+60
   3: (7a) *(u64 *)(r10 -8) = 10
   4: (79) r1 = *(u64 *)(r6 +0)
   5: (79) r1 = *(u64 *)(r1 +0)
   6: (bf) r2 = r10
   7: (07) r2 += -8
   8: (b7) r3 = 1
   9: (85) call bpf_seq_write#127
  10: (bf) r7 = r6
  11: (07) r7 += 8
  12: (7a) *(u64 *)(r10 -16) = 0
  13: (bf) r1 = r10
  14: (07) r1 += -16
  15: (b7) r2 = 8
  16: (bf) r3 = r7
  17: (85) call bpf_probe_read_kernel#113
  18: (79) r7 = *(u64 *)(r10 -16)
  19: (07) r7 += 1264
  20: (7a) *(u64 *)(r10 -24) = 0
  21: (bf) r1 = r10
  22: (07) r1 += -24
  23: (b7) r2 = 4
  24: (bf) r3 = r7
  25: (85) call bpf_probe_read_kernel#113
  26: (61) r7 = *(u32 *)(r10 -24)
  27: (67) r7 <<= 32
  28: (c7) r7 s>>= 32
  29: (15) if r7 == 0x2 goto pc+2
  30: (b7) r7 = 0
  31: (05) goto pc+1
  32: (b7) r7 = 1
  33: (15) if r7 == 0x0 goto pc+29
; 2: printf("%s\n", ctx->task->comm);
  34: (7a) *(u64 *)(r10 -48) = 0
  35: (bf) r7 = r6
  36: (07) r7 += 8
  37: (7a) *(u64 *)(r10 -56) = 0
  38: (bf) r1 = r10
  39: (07) r1 += -56
  40: (b7) r2 = 8
  41: (bf) r3 = r7
  42: (85) call bpf_probe_read_kernel#113
  43: (79) r7 = *(u64 *)(r10 -56)
  44: (07) r7 += 1752
  45: (7a) *(u64 *)(r10 -40) = 0
  46: (7a) *(u64 *)(r10 -32) = 0
  47: (bf) r1 = r10
  48: (07) r1 += -40
  49: (b7) r2 = 16
  50: (bf) r3 = r7
  51: (85) call bpf_probe_read_kernel#113
  52: (18) r1 = map[ringbuf]
  54: (bf) r2 = r10
  55: (07) r2 += -48
  56: (b7) r3 = 24
  57: (b7) r4 = 0
  58: (85) call bpf_ringbuf_output#130
  59: (18) r1 = map[lost_events][0]+0
  61: (77) r0 >>= 63
  62: (db) lock *(u64 *)(r1 +0) += r0
; 1: iter:task /ctx->task->pid == 2/ {
  63: (b7) r0 = 0
  64: (95) exit
