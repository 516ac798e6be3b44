tracepoint:syscalls:sys_enter_write:
; 1: tracepoint:syscalls:sys_enter_write {
   0: (bf) r6 = r1
; 2: @bytes = hist(args->count);
   1: (79) r7 = *(u64 *)(r6 +32)
   2: (b7) r8 = 0
   3: (c5) if r7 s< 0x0 goto pc+34
   4: (b7) r8 = 1
   5: (15) if r7 == 0x0 goto pc+32
   6: (bf) r1 = r7
   7: (b7) r8 = 2
   8: (bf) r0 = r1
   9: (77) r0 >>= 32
  10: (15) if r0 == 0x0 goto pc+2
  11: (bf) r1 = r0
  12: (07) r8 += 32
  13: (bf) r0 = r1
  14: (77) r0 >>= 16
  15: (15) if r0 == 0x0 goto pc+2
  16: (bf) r1 = r0
  17: (07) r8 += 16
  18: (bf) r0 = r1
  19: (77) r0 >>= 8
  20: (15) if r0 == 0x0 goto pc+2
  21: (bf) r1 = r0
  22: (07) r8 += 8
  23: (bf) r0 = r1
  24: (77) r0 >>= 4
  25: (15) if r0 == 0x0 goto pc+2
  26: (bf) r1 = r0
  27: (07) r8 += 4
  28: (bf) r0 = r1
  29: (77) r0 >>= 2
  30: (15) if r0 == 0x0 goto pc+2
  31: (bf) r1 = r0
  32: (07) r8 += 2
  33: (bf) r0 = r1
  34: (77) r0 >>= 1
  35: (15) if r0 == 0x0 goto pc+2
  36: (bf) r1 = r0
  37: (07) r8 += 1
  38: (7b) *(u64 *)(r10 -8) = r8
  39: (18) r1 = map[@bytes]
  41: (bf) r2 = r10
  42: (07) r2 += -8
  43: (85) call bpf_map_lookup_elem#1
  44: (15) if r0 == 0x0 goto pc+5
  45: (bf) r1 = r0
  46: (79) r0 = *(u64 *)(r1 +0)
  47: (07) r0 += 1
  48: (7b) *(u64 *)(r1 +0) = r0
  49: (05) goto pc+14
  50: (7a) *(u64 *)(r10 -16) = 1
  51: (18) r1 = map[@bytes]
  53: (bf) r2 = r10
  54: (07) r2 += -8
  55: (bf) r3 = r10
  56: (07) r3 += -16
  57: (b7) r4 = 0
  58: (85) call bpf_map_update_elem#2
  59: (55) if r0 != 0xfffffff9 goto pc+4
  60: (18) r1 = map[map_full][0]+0
  62: (b7) r2 = 1
  63: (db) lock *(u64 *)(r1 +0) += r2
; 1: tracepoint:syscalls:sys_enter_write {
  64: (b7) r0 = 0
  65: (95) exit
