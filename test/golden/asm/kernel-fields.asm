BEGIN:
; 1: BEGIN { @[curtask->parent->comm] = count(); printf("%d %d\n", curtask->in_iowait, curtask->cpus_mask.bits[0]); }
   0: (bf) r6 = r1
   1: (85) call bpf_get_current_task#35
   2: (bf) r7 = r0
   3: (07) r7 += 1288
   4: (7a) *(u64 *)(r10 -24) = 0
   5: (bf) r1 = r10
   6: (07) r1 += -24
   7: (b7) r2 = 8
   8: (bf) r3 = r7
   9: (85) call bpf_probe_read_kernel#113
  10: (79) r7 = *(u64 *)(r10 -24)
  11: (07) r7 += 1752
  12: (7a) *(u64 *)(r10 -16) = 0
  13: (7a) *(u64 *)(r10 -8) = 0
  14: (bf) r1 = r10
  15: (07) r1 += -16
  16: (b7) r2 = 16
  17: (bf) r3 = r7
  18: (85) call bpf_probe_read_kernel#113
  19: (18) r1 = map[@]
  21: (bf) r2 = r10
  22: (07) r2 += -16
  23: (85) call bpf_map_lookup_elem#1
  24: (15) if r0 == 0x0 goto pc+5
  25: (bf) r1 = r0
  26: (79) r0 = *(u64 *)(r1 +0)
  27: (07) r0 += 1
  28: (7b) *(u64 *)(r1 +0) = r0
  29: (05) goto pc+14
  30: (7a) *(u64 *)(r10 -32) = 1
  31: (18) r1 = map[@]
  33: (bf) r2 = r10
  34: (07) r2 += -16
  35: (bf) r3 = r10
  36: (07) r3 += -32
  37: (b7) r4 = 0
  38: (85) call bpf_map_update_elem#2
  39: (55) if r0 != 0xfffffff9 goto pc+4
  40: (18) r1 = map[map_full][0]+0
  42: (b7) r2 = 1
  43: (db) lock *(u64 *)(r1 +0) += r2
  44: (7a) *(u64 *)(r10 -24) = 1
  45: (85) call bpf_get_current_task#35
  46: (bf) r7 = r0
  47: (07) r7 += 1193
  48: (7a) *(u64 *)(r10 -32) = 0
  49: (bf) r1 = r10
  50: (07) r1 += -32
  51: (b7) r2 = 1
  52: (bf) r3 = r7
  53: (85) call bpf_probe_read_kernel#113
  54: (79) r7 = *(u64 *)(r10 -32)
  55: (67) r7 <<= 63
  56: (77) r7 >>= 63
  57: (7b) *(u64 *)(r10 -16) = r7
  58: (85) call bpf_get_current_task#35
  59: (bf) r7 = r0
  60: (07) r7 += 816
  61: (7b) *(u64 *)(r10 -40) = r7
  62: (b7) r7 = 0
  63: (27) r7 *= 8
  64: (79) r8 = *(u64 *)(r10 -40)
  65: (0f) r8 += r7
  66: (7a) *(u64 *)(r10 -48) = 0
  67: (bf) r1 = r10
  68: (07) r1 += -48
  69: (b7) r2 = 8
  70: (bf) r3 = r8
  71: (85) call bpf_probe_read_kernel#113
  72: (79) r8 = *(u64 *)(r10 -48)
  73: (7b) *(u64 *)(r10 -8) = r8
  74: (18) r1 = map[ringbuf]
  76: (bf) r2 = r10
  77: (07) r2 += -24
  78: (b7) r3 = 24
  79: (b7) r4 = 0
  80: (85) call bpf_ringbuf_output#130
  81: (18) r1 = map[lost_events][0]+0
  83: (77) r0 >>= 63
  84: (db) lock *(u64 *)(r1 +0) += r0
  85: (b7) r0 = 0
  86: (95) exit
