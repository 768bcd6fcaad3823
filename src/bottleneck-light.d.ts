/** bottleneck's light build has the same API as the full one, whose types ship with the package. */
declare module "bottleneck/light.js" {
  import Bottleneck from "bottleneck";
  export default Bottleneck;
}
