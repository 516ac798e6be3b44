profile:hz:99:
; 1: profile:hz:99 { @[kstack(perf, 5), ustack] = count(); }
   0: (bf) r6 = r1
   1: (bf) r1 = r6
   2: (18) r2 = map[stack_5]
   4: (b7) r3 = 0
   5: (85) call bpf_get_stackid#27
   6: (7b) *(u64 *)(r10 -24) = r0
   7: (bf) r1 = r6
   8: (18) r2 = map[stack_127]
  10: (b7) r3 = 256
  11: (85) call bpf_get_stackid#27
  12: (7b) *(u64 *)(r10 -16) = r0
  13: (85) call bpf_get_current_pid_tgid#14
  14: (77) r0 >>= 32
  15: (7b) *(u64 *)(r10 -8) = r0
  16: (18) r1 = map[@]
  18: (bf) r2 = r10
  19: (07) r2 += -24
  20: (85) call bpf_map_lookup_elem#1
  21: (15) if r0 == 0x0 goto pc+5
  22: (bf) r1 = r0
  23: (79) r0 = *(u64 *)(r1 +0)
  24: (07) r0 += 1
  25: (7b) *(u64 *)(r1 +0) = r0
  26: (05) goto pc+14
  27: (7a) *(u64 *)(r10 -32) = 1
  28: (18) r1 = map[@]
  30: (bf) r2 = r10
  31: (07) r2 += -24
  32: (bf) r3 = r10
  33: (07) r3 += -32
  34: (b7) r4 = 0
  35: (85) call bpf_map_update_elem#2
  36: (55) if r0 != 0xfffffff9 goto pc+4
  37: (18) r1 = map[map_full][0]+0
  39: (b7) r2 = 1
  40: (db) lock *(u64 *)(r1 +0) += r2
  41: (b7) r0 = 0
  42: (95) exit
