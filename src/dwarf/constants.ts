/** The DWARF tags, attributes and encodings ebt reads (DWARF 5 §7.5, with the GNU values gcc emits). */

export const DW_TAG = {
  array_type: 0x01, class_type: 0x02, enumeration_type: 0x04, formal_parameter: 0x05, lexical_block: 0x0b,
  member: 0x0d, pointer_type: 0x0f, reference_type: 0x10, compile_unit: 0x11, structure_type: 0x13,
  subroutine_type: 0x15, typedef: 0x16, union_type: 0x17, unspecified_parameters: 0x18, inheritance: 0x1c,
  inlined_subroutine: 0x1d, ptr_to_member_type: 0x1f, subrange_type: 0x21, base_type: 0x24, const_type: 0x26,
  enumerator: 0x28, subprogram: 0x2e, variable: 0x34, volatile_type: 0x35, restrict_type: 0x37, namespace: 0x39,
  unspecified_type: 0x3b, partial_unit: 0x3c, type_unit: 0x41, rvalue_reference_type: 0x42, atomic_type: 0x47,
  skeleton_unit: 0x4a,
} as const;

export const DW_AT = {
  sibling: 0x01, location: 0x02, name: 0x03, byte_size: 0x0b, bit_offset: 0x0c, bit_size: 0x0d, low_pc: 0x11,
  high_pc: 0x12, language: 0x13, const_value: 0x1c, abstract_origin: 0x31, upper_bound: 0x2f, count: 0x37,
  data_member_location: 0x38, declaration: 0x3c, encoding: 0x3e, external: 0x3f, specification: 0x47, type: 0x49,
  data_bit_offset: 0x6b, linkage_name: 0x6e, str_offsets_base: 0x72, addr_base: 0x73, dwo_name: 0x76, comp_dir: 0x1b, MIPS_linkage_name: 0x2007,
  signature: 0x69, GNU_dwo_name: 0x2130, GNU_dwo_id: 0x2131,
  GNU_addr_base: 0x2133,
} as const;

export const DW_ATE = {
  boolean: 0x02, float: 0x04, signed: 0x05, signed_char: 0x06, unsigned: 0x07, unsigned_char: 0x08, UTF: 0x10,
} as const;

/** Unit types of DWARF 5 unit headers. */
export const DW_UT = { compile: 0x01, type: 0x02, partial: 0x03, skeleton: 0x04, split_compile: 0x05, split_type: 0x06 } as const;

/** DW_OP_plus_uconst: how DWARF 2/3 producers wrote a member's offset as an expression. */
export const DW_OP_plus_uconst = 0x23;
