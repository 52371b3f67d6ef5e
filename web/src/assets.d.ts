// esbuild's file loader: importing a picture gives its versioned URL under /assets/.
declare module '*.svg' {
  const url: string;
  export default url;
}
