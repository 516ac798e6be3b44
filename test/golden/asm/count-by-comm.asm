tracepoint:raw_syscalls:sys_enter:
; 1: tracepoint:raw_syscalls:sys_enter {
   0: (bf) r6 = r1
; 2: @[comm] = count();
   1: (bf) r1 = r10
   2: (07) r1 += -16
   3: (b7) r2 = 16
   4: (85) call bpf_get_current_comm#16
   5: (18) r1 = map[@]
   7: (bf) r2 = r10
   8: (07) r2 += -16
   9: (85) call bpf_map_lookup_elem#1
  10: (15) if r0 == 0x0 goto pc+5
  11: (bf) r1 = r0
  12: (79) r0 = *(u64 *)(r1 +0)
  13: (07) r0 += 1
  14: (7b) *(u64 *)(r1 +0) = r0
  15: (05) goto pc+14
  16: (7a) *(u64 *)(r10 -24) = 1
  17: (18) r1 = map[@]
  19: (bf) r2 = r10
  20: (07) r2 += -16
  21: (bf) r3 = r10
  22: (07) r3 += -24
  23: (b7) r4 = 0
  24: (85) call bpf_map_update_elem#2
  25: (55) if r0 != 0xfffffff9 goto pc+4
  26: (18) r1 = map[map_full][0]+0
  28: (b7) r2 = 1
  29: (db) lock *(u64 *)(r1 +0) += r2
; 1: tracepoint:raw_syscalls:sys_enter {
  30: (b7) r0 = 0
  31: (95) exit
