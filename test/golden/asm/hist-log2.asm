tracepoint:syscalls:sys_enter_write:
; 1: tracepoint:syscalls:sys_enter_write {
   0: (bf) r6 = r1
; 2: @bytes = hist(args->count);
   1: (7a) *(u64 *)(r10 -8) = 0
   2: (79) r7 = *(u64 *)(r6 +32)
   3: (b7) r8 = 0
   4: (c5) if r7 s< 0x0 goto pc+34
   5: (b7) r8 = 1
   6: (15) if r7 == 0x0 goto pc+32
   7: (bf) r1 = r7
   8: (b7) r8 = 2
   9: (bf) r0 = r1
  10: (77) r0 >>= 32
  11: (15) if r0 == 0x0 goto pc+2
  12: (bf) r1 = r0
  13: (07) r8 += 32
  14: (bf) r0 = r1
  15: (77) r0 >>= 16
  16: (15) if r0 == 0x0 goto pc+2
  17: (bf) r1 = r0
  18: (07) r8 += 16
  19: (bf) r0 = r1
  20: (77) r0 >>= 8
  21: (15) if r0 == 0x0 goto pc+2
  22: (bf) r1 = r0
  23: (07) r8 += 8
  24: (bf) r0 = r1
  25: (77) r0 >>= 4
  26: (15) if r0 == 0x0 goto pc+2
  27: (bf) r1 = r0
  28: (07) r8 += 4
  29: (bf) r0 = r1
  30: (77) r0 >>= 2
  31: (15) if r0 == 0x0 goto pc+2
  32: (bf) r1 = r0
  33: (07) r8 += 2
  34: (bf) r0 = r1
  35: (77) r0 >>= 1
  36: (15) if r0 == 0x0 goto pc+2
  37: (bf) r1 = r0
  38: (07) r8 += 1
  39: (7b) *(u64 *)(r10 -16) = r8
  40: (18) r1 = map[@bytes]
  42: (bf) r2 = r10
  43: (07) r2 += -8
  44: (85) call bpf_map_lookup_elem#1
  45: (55) if r0 != 0x0 goto pc+19
  46: (18) r1 = map[@bytes]
  48: (bf) r2 = r10
  49: (07) r2 += -8
  50: (18) r3 = map[zeroes][0]+0
  52: (b7) r4 = 1
  53: (85) call bpf_map_update_elem#2
  54: (55) if r0 != 0xfffffff9 goto pc+4
  55: (18) r1 = map[map_full][0]+0
  57: (b7) r2 = 1
  58: (db) lock *(u64 *)(r1 +0) += r2
  59: (18) r1 = map[@bytes]
  61: (bf) r2 = r10
  62: (07) r2 += -8
  63: (85) call bpf_map_lookup_elem#1
  64: (15) if r0 == 0x0 goto pc+7
  65: (79) r1 = *(u64 *)(r10 -16)
  66: (35) if r1 >= 0x41 goto pc+5
  67: (67) r1 <<= 3
  68: (0f) r0 += r1
  69: (79) r1 = *(u64 *)(r0 +0)
  70: (07) r1 += 1
  71: (7b) *(u64 *)(r0 +0) = r1
; 1: tracepoint:syscalls:sys_enter_write {
  72: (b7) r0 = 0
  73: (95) exit
