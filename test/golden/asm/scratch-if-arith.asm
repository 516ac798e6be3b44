scratch-if-arith.ebt:5:13-14: WARNING: signed operands for '/' can lead to undefined behavior (cast to unsigned to silence warning)
    @x = $b / 2;
            ~
BEGIN:
; 1: BEGIN {
   0: (bf) r6 = r1
   1: (7a) *(u64 *)(r10 -8) = 0
   2: (7a) *(u64 *)(r10 -16) = 0
; 2: $a = 7;
   3: (b7) r7 = 7
   4: (7b) *(u64 *)(r10 -8) = r7
; 3: $b = $a * 3 + 1;
   5: (79) r7 = *(u64 *)(r10 -8)
   6: (27) r7 *= 3
   7: (07) r7 += 1
   8: (7b) *(u64 *)(r10 -16) = r7
; 4: if ($b > 20 && $a != 0) {
   9: (79) r7 = *(u64 *)(r10 -16)
  10: (65) if r7 s> 0x14 goto pc+2
  11: (b7) r7 = 0
  12: (05) goto pc+1
  13: (b7) r7 = 1
  14: (15) if r7 == 0x0 goto pc+8
  15: (79) r7 = *(u64 *)(r10 -8)
  16: (55) if r7 != 0x0 goto pc+2
  17: (b7) r7 = 0
  18: (05) goto pc+1
  19: (b7) r7 = 1
  20: (15) if r7 == 0x0 goto pc+2
  21: (b7) r7 = 1
  22: (05) goto pc+1
  23: (b7) r7 = 0
  24: (15) if r7 == 0x0 goto pc+18
; 5: @x = $b / 2;
  25: (7a) *(u64 *)(r10 -24) = 0
  26: (79) r7 = *(u64 *)(r10 -16)
  27: (37) r7 /= 2
  28: (7b) *(u64 *)(r10 -32) = r7
  29: (18) r1 = map[@x]
  31: (bf) r2 = r10
  32: (07) r2 += -24
  33: (bf) r3 = r10
  34: (07) r3 += -32
  35: (b7) r4 = 0
  36: (85) call bpf_map_update_elem#2
  37: (55) if r0 != 0xfffffff9 goto pc+4
  38: (18) r1 = map[map_full][0]+0
  40: (b7) r2 = 1
  41: (db) lock *(u64 *)(r1 +0) += r2
  42: (05) goto pc+17
; 7: @x = -1;
  43: (7a) *(u64 *)(r10 -24) = 0
  44: (b7) r7 = 1
  45: (87) r7 = -r7
  46: (7b) *(u64 *)(r10 -32) = r7
  47: (18) r1 = map[@x]
  49: (bf) r2 = r10
  50: (07) r2 += -24
  51: (bf) r3 = r10
  52: (07) r3 += -32
  53: (b7) r4 = 0
  54: (85) call bpf_map_update_elem#2
  55: (55) if r0 != 0xfffffff9 goto pc+4
  56: (18) r1 = map[map_full][0]+8
  58: (b7) r2 = 1
  59: (db) lock *(u64 *)(r1 +0) += r2
; 1: BEGIN {
  60: (b7) r0 = 0
  61: (95) exit
