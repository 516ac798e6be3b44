import {
  formatProbeList,
  listProbes
} from "./chunk-XEICGBFP.js";
import "./chunk-3IQTUW3X.js";
import "./chunk-PJVS25R2.js";
import "./chunk-7DQDWJI5.js";
export {
  formatProbeList,
  listProbes
};
