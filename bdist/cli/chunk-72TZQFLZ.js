// dist/util/byte-strings.js
function toByteString(text) {
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, "utf8").toString("latin1");
}
function fromByteString(bytes) {
  return /^[\x00-\x7f]*$/.test(bytes) ? bytes : Buffer.from(bytes, "latin1").toString("utf8");
}

export {
  toByteString,
  fromByteString
};
