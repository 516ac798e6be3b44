BEGIN:
; 1: BEGIN {
   0: (bf) r6 = r1
   1: (7a) *(u64 *)(r10 -8) = 0
; 2: $i = 0;
   2: (b7) r7 = 0
   3: (7b) *(u64 *)(r10 -8) = r7
; 3: while ($i < 5) {
   4: (79) r7 = *(u64 *)(r10 -8)
   5: (c5) if r7 s< 0x5 goto pc+2
   6: (b7) r7 = 0
   7: (05) goto pc+1
   8: (b7) r7 = 1
   9: (15) if r7 == 0x0 goto pc+19
; 4: $i++;
  10: (79) r7 = *(u64 *)(r10 -8)
  11: (bf) r8 = r7
  12: (07) r8 += 1
  13: (7b) *(u64 *)(r10 -8) = r8
; 5: if ($i == 2) { continue; }
  14: (79) r7 = *(u64 *)(r10 -8)
  15: (15) if r7 == 0x2 goto pc+2
  16: (b7) r7 = 0
  17: (05) goto pc+1
  18: (b7) r7 = 1
  19: (15) if r7 == 0x0 goto pc+1
  20: (05) goto pc-17
; 6: if ($i == 4) { break; }
  21: (79) r7 = *(u64 *)(r10 -8)
  22: (15) if r7 == 0x4 goto pc+2
  23: (b7) r7 = 0
  24: (05) goto pc+1
  25: (b7) r7 = 1
  26: (15) if r7 == 0x0 goto pc+1
  27: (05) goto pc+1
  28: (05) goto pc-25
; 1: BEGIN {
  29: (b7) r0 = 0
  30: (95) exit
