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
  10: (15) if r0 == 0x0 goto pc+4
  11: (79) r1 = *(u64 *)(r0 +0)
  12: (07) r1 += 1
  13: (7b) *(u64 *)(r0 +0) = r1
  14: (05) goto pc+9
  15: (7a) *(u64 *)(r10 -24) = 1
  16: (18) r1 = map[@]
  18: (bf) r2 = r10
  19: (07) r2 += -16
  20: (bf) r3 = r10
  21: (07) r3 += -24
  22: (b7) r4 = 0
  23: (85) call bpf_map_update_elem#2
; 1: tracepoint:raw_syscalls:sys_enter {
  24: (b7) r0 = 0
  25: (95) exit
