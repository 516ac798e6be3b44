tracepoint:syscalls:sys_enter_write:
; 1: tracepoint:syscalls:sys_enter_write {
   0: (bf) r6 = r1
; 2: @bytes = hist(args->count);
   1: (7a) *(u64 *)(r10 -8) = 0
   2: (79) r7 = *(u64 *)(r6 +32)
   3: (b7) r8 = 0
   4: (c5) if r7 s< 0x0 goto pc+45
   5: (b7) r8 = 1
   6: (15) if r7 == 0x0 goto pc+43
   7: (bf) r1 = r7
   8: (b7) r8 = 2
   9: (bf) r0 = r1
  10: (77) r0 >>= 32
  11: (87) r0 = -r0
  12: (77) r0 >>= 63
  13: (67) r0 <<= 5
  14: (7f) r1 >>= r0
  15: (0f) r8 += r0
  16: (bf) r0 = r1
  17: (77) r0 >>= 16
  18: (87) r0 = -r0
  19: (77) r0 >>= 63
  20: (67) r0 <<= 4
  21: (7f) r1 >>= r0
  22: (0f) r8 += r0
  23: (bf) r0 = r1
  24: (77) r0 >>= 8
  25: (87) r0 = -r0
  26: (77) r0 >>= 63
  27: (67) r0 <<= 3
  28: (7f) r1 >>= r0
  29: (0f) r8 += r0
  30: (bf) r0 = r1
  31: (77) r0 >>= 4
  32: (87) r0 = -r0
  33: (77) r0 >>= 63
  34: (67) r0 <<= 2
  35: (7f) r1 >>= r0
  36: (0f) r8 += r0
  37: (bf) r0 = r1
  38: (77) r0 >>= 2
  39: (87) r0 = -r0
  40: (77) r0 >>= 63
  41: (67) r0 <<= 1
  42: (7f) r1 >>= r0
  43: (0f) r8 += r0
  44: (bf) r0 = r1
  45: (77) r0 >>= 1
  46: (87) r0 = -r0
  47: (77) r0 >>= 63
  48: (7f) r1 >>= r0
  49: (0f) r8 += r0
  50: (7b) *(u64 *)(r10 -16) = r8
  51: (18) r1 = map[@bytes]
  53: (bf) r2 = r10
  54: (07) r2 += -8
  55: (85) call bpf_map_lookup_elem#1
  56: (55) if r0 != 0x0 goto pc+19
  57: (18) r1 = map[@bytes]
  59: (bf) r2 = r10
  60: (07) r2 += -8
  61: (18) r3 = map[zeroes][0]+0
  63: (b7) r4 = 1
  64: (85) call bpf_map_update_elem#2
  65: (55) if r0 != 0xfffffff9 goto pc+4
  66: (18) r1 = map[map_full][0]+0
  68: (b7) r2 = 1
  69: (db) lock *(u64 *)(r1 +0) += r2
  70: (18) r1 = map[@bytes]
  72: (bf) r2 = r10
  73: (07) r2 += -8
  74: (85) call bpf_map_lookup_elem#1
  75: (15) if r0 == 0x0 goto pc+7
  76: (79) r1 = *(u64 *)(r10 -16)
  77: (35) if r1 >= 0x41 goto pc+5
  78: (67) r1 <<= 3
  79: (0f) r0 += r1
  80: (79) r1 = *(u64 *)(r0 +0)
  81: (07) r1 += 1
  82: (7b) *(u64 *)(r0 +0) = r1
; 1: tracepoint:syscalls:sys_enter_write {
  83: (b7) r0 = 0
  84: (95) exit
