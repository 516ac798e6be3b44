rawtracepoint:sys_enter:
; 1: rawtracepoint:sys_enter /arg1 == 1/ {
   0: (bf) r6 = r1
   1: (79) r7 = *(u64 *)(r6 +8)
   2: (15) if r7 == 0x1 goto pc+2
   3: (b7) r7 = 0
   4: (05) goto pc+1
   5: (b7) r7 = 1
   6: (15) if r7 == 0x0 goto pc+29
; 2: @writes[pid] = count();
   7: (85) call bpf_get_current_pid_tgid#14
   8: (bf) r7 = r0
   9: (77) r7 >>= 32
  10: (7b) *(u64 *)(r10 -8) = r7
  11: (18) r1 = map[@writes]
  13: (bf) r2 = r10
  14: (07) r2 += -8
  15: (85) call bpf_map_lookup_elem#1
  16: (15) if r0 == 0x0 goto pc+5
  17: (bf) r1 = r0
  18: (79) r0 = *(u64 *)(r1 +0)
  19: (07) r0 += 1
  20: (7b) *(u64 *)(r1 +0) = r0
  21: (05) goto pc+14
  22: (7a) *(u64 *)(r10 -16) = 1
  23: (18) r1 = map[@writes]
  25: (bf) r2 = r10
  26: (07) r2 += -8
  27: (bf) r3 = r10
  28: (07) r3 += -16
  29: (b7) r4 = 0
  30: (85) call bpf_map_update_elem#2
  31: (55) if r0 != 0xfffffff9 goto pc+4
  32: (18) r1 = map[map_full][0]+0
  34: (b7) r2 = 1
  35: (db) lock *(u64 *)(r1 +0) += r2
; 1: rawtracepoint:sys_enter /arg1 == 1/ {
  36: (b7) r0 = 0
  37: (95) exit
