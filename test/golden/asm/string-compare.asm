BEGIN:
; 1: BEGIN {
   0: (bf) r6 = r1
; 2: if (comm == "node") {
   1: (bf) r1 = r10
   2: (07) r1 += -16
   3: (b7) r2 = 16
   4: (85) call bpf_get_current_comm#16
   5: (18) r0 = 0x65646f6e
   7: (7b) *(u64 *)(r10 -24) = r0
   8: (71) r1 = *(u8 *)(r10 -16)
   9: (71) r2 = *(u8 *)(r10 -24)
  10: (5d) if r1 != r2 goto pc+18
  11: (15) if r1 == 0x0 goto pc+15
  12: (71) r1 = *(u8 *)(r10 -15)
  13: (71) r2 = *(u8 *)(r10 -23)
  14: (5d) if r1 != r2 goto pc+14
  15: (15) if r1 == 0x0 goto pc+11
  16: (71) r1 = *(u8 *)(r10 -14)
  17: (71) r2 = *(u8 *)(r10 -22)
  18: (5d) if r1 != r2 goto pc+10
  19: (15) if r1 == 0x0 goto pc+7
  20: (71) r1 = *(u8 *)(r10 -13)
  21: (71) r2 = *(u8 *)(r10 -21)
  22: (5d) if r1 != r2 goto pc+6
  23: (15) if r1 == 0x0 goto pc+3
  24: (71) r1 = *(u8 *)(r10 -12)
  25: (71) r2 = *(u8 *)(r10 -20)
  26: (5d) if r1 != r2 goto pc+2
  27: (b7) r7 = 1
  28: (05) goto pc+1
  29: (b7) r7 = 0
  30: (15) if r7 == 0x0 goto pc+16
; 3: printf("%s\n", comm);
  31: (7a) *(u64 *)(r10 -24) = 0
  32: (bf) r1 = r10
  33: (07) r1 += -16
  34: (b7) r2 = 16
  35: (85) call bpf_get_current_comm#16
  36: (18) r1 = map[ringbuf]
  38: (bf) r2 = r10
  39: (07) r2 += -24
  40: (b7) r3 = 24
  41: (b7) r4 = 0
  42: (85) call bpf_ringbuf_output#130
  43: (18) r1 = map[lost_events][0]+0
  45: (77) r0 >>= 63
  46: (db) lock *(u64 *)(r1 +0) += r0
; 1: BEGIN {
  47: (b7) r0 = 0
  48: (95) exit
