tracepoint:syscalls:sys_enter_write:
; 1: tracepoint:syscalls:sys_enter_write {
   0: (bf) r6 = r1
; 2: @bytes = hist(args->count);
   1: (7a) *(u64 *)(r10 -8) = 0
   2: (79) r7 = *(u64 *)(r6 +32)
   3: (7b) *(u64 *)(r10 -24) = r7
   4: (b7) r8 = 0
   5: (c5) if r7 s< 0x0 goto pc+45
   6: (b7) r8 = 1
   7: (15) if r7 == 0x0 goto pc+43
   8: (bf) r1 = r7
   9: (b7) r8 = 2
  10: (bf) r0 = r1
  11: (77) r0 >>= 32
  12: (87) r0 = -r0
  13: (77) r0 >>= 63
  14: (67) r0 <<= 5
  15: (7f) r1 >>= r0
  16: (0f) r8 += r0
  17: (bf) r0 = r1
  18: (77) r0 >>= 16
  19: (87) r0 = -r0
  20: (77) r0 >>= 63
  21: (67) r0 <<= 4
  22: (7f) r1 >>= r0
  23: (0f) r8 += r0
  24: (bf) r0 = r1
  25: (77) r0 >>= 8
  26: (87) r0 = -r0
  27: (77) r0 >>= 63
  28: (67) r0 <<= 3
  29: (7f) r1 >>= r0
  30: (0f) r8 += r0
  31: (bf) r0 = r1
  32: (77) r0 >>= 4
  33: (87) r0 = -r0
  34: (77) r0 >>= 63
  35: (67) r0 <<= 2
  36: (7f) r1 >>= r0
  37: (0f) r8 += r0
  38: (bf) r0 = r1
  39: (77) r0 >>= 2
  40: (87) r0 = -r0
  41: (77) r0 >>= 63
  42: (67) r0 <<= 1
  43: (7f) r1 >>= r0
  44: (0f) r8 += r0
  45: (bf) r0 = r1
  46: (77) r0 >>= 1
  47: (87) r0 = -r0
  48: (77) r0 >>= 63
  49: (7f) r1 >>= r0
  50: (0f) r8 += r0
  51: (7b) *(u64 *)(r10 -16) = r8
  52: (18) r1 = map[@bytes]
  54: (bf) r2 = r10
  55: (07) r2 += -8
  56: (85) call bpf_map_lookup_elem#1
  57: (55) if r0 != 0x0 goto pc+19
  58: (18) r1 = map[@bytes]
  60: (bf) r2 = r10
  61: (07) r2 += -8
  62: (18) r3 = map[zeroes][0]+0
  64: (b7) r4 = 1
  65: (85) call bpf_map_update_elem#2
  66: (55) if r0 != 0xfffffff9 goto pc+4
  67: (18) r1 = map[map_full][0]+0
  69: (b7) r2 = 1
  70: (db) lock *(u64 *)(r1 +0) += r2
  71: (18) r1 = map[@bytes]
  73: (bf) r2 = r10
  74: (07) r2 += -8
  75: (85) call bpf_map_lookup_elem#1
  76: (15) if r0 == 0x0 goto pc+11
  77: (79) r1 = *(u64 *)(r10 -24)
  78: (79) r2 = *(u64 *)(r0 +520)
  79: (0f) r2 += r1
  80: (7b) *(u64 *)(r0 +520) = r2
  81: (79) r1 = *(u64 *)(r10 -16)
  82: (35) if r1 >= 0x41 goto pc+5
  83: (67) r1 <<= 3
  84: (0f) r0 += r1
  85: (79) r1 = *(u64 *)(r0 +0)
  86: (07) r1 += 1
  87: (7b) *(u64 *)(r0 +0) = r1
; 1: tracepoint:syscalls:sys_enter_write {
  88: (b7) r0 = 0
  89: (95) exit
