// Simplified Chinese for the lessons part of the page: the same keys as lessons.en.ts. Commands,
// paths, flags and program output stay verbatim.

import type { lessonsEn } from './lessons.en';

export const lessonsZhCN: Record<keyof typeof lessonsEn, string> = {
  // ---- 面板 ----
  'lessons.ui.heading': '课程',
  'lessons.ui.menu': '选择一节课',
  'lessons.ui.progress': '已完成 {done}/{total} 步',
  'lessons.ui.complete': '已完成',
  'lessons.ui.step': '第 {n} 步，共 {total} 步',
  'lessons.ui.hint': '提示',
  'lessons.ui.hideHint': '隐藏提示',
  'lessons.ui.showMe': '演示给我看',
  'lessons.ui.showMeBusy': '请等终端执行完毕',
  'lessons.ui.next': '下一步',
  'lessons.ui.previous': '上一步',
  'lessons.ui.finish': '返回课程列表',
  'lessons.ui.restart': '重新开始本课',
  'lessons.ui.restarting': '正在准备课程环境…',
  'lessons.ui.menuBack': '全部课程',
  'lessons.ui.done': '完成：',
  'lessons.ui.todo': '本步目标：',
  'lessons.ui.lessonDone': '本课完成，干得漂亮！',
  'lessons.ui.restartNote': '重新开始会清空主机，并恢复到本课的初始状态。',
  'lessons.ui.needsSetup': '本课需要事先准备好的主机环境：请点击「重新开始本课」进行准备。',
  'lessons.ui.steps': '步骤',
  'lessons.ui.stepDone': '第 {n} 步：已完成',
  'lessons.ui.stepTodo': '第 {n} 步：尚未完成',

  // ---- 1. 镜像 ----
  'lessons.images.title': '什么是镜像',
  'lessons.images.intro':
    '镜像是一个只读的软件包，里面装着程序运行所需的一切：文件、运行库、配置，以及启动命令。获取镜像有三种方式：从仓库拉取、复制（打标签）已有的镜像、自己构建。本课把三种方式都试一遍。',
  'lessons.images.list.text': '先看看这台主机上有哪些镜像。现在它还是一台全新的机器。',
  'lessons.images.list.hint': '命令是 docker images（也可以用 docker image ls）。',
  'lessons.images.list.success': '列表是空的，只有表头。接下来去获取一个镜像。',
  'lessons.images.pull.text': '方式一：从镜像仓库（Docker Hub）下载。拉取一个很小的镜像 hello-world。',
  'lessons.images.pull.hint': '输入 docker pull，后面跟镜像名 hello-world。',
  'lessons.images.pull.success': '镜像已经从仓库下载下来，保存在这台主机上了。',
  'lessons.images.run.text': '镜像是用来运行的。用 hello-world 启动一个容器，读一读它输出了什么。',
  'lessons.images.run.hint': 'docker run hello-world',
  'lessons.images.run.success': '容器运行了镜像里打包好的程序，打印出问候语。镜像本身没有任何变化。',
  'lessons.images.tag.text':
    '方式二：用 docker tag 给已有的镜像起个新名字，相当于复制一份。把它叫作 my-hello:1.0。',
  'lessons.images.tag.hint': 'docker tag 源镜像 目标名，这里是 docker tag hello-world my-hello:1.0',
  'lessons.images.tag.success': '这个镜像现在有了第二个名字。',
  'lessons.images.compare.text': '再列一次镜像，比较两个名字的 IMAGE ID 列。',
  'lessons.images.compare.hint': 'docker images',
  'lessons.images.compare.success':
    '两个名字的 IMAGE ID 完全相同：标签只是同一组镜像层的另一个名字，没有复制任何数据。还剩最后一种方式：自己构建镜像。',
  'lessons.images.build.text':
    '方式三：自己构建镜像。Dockerfile 就是构建镜像的配方：FROM 指定从哪个镜像开始，后面的每条指令都在它的基础上添加内容。先准备一个小文件，再写一个两行的 Dockerfile（FROM hello-world，然后 COPY note.txt /），最后把它构建成 my-first:1（名字可以随意取）。',
  'lessons.images.build.hint':
    "echo 'made by me' > note.txt，然后 echo 'FROM hello-world' > Dockerfile 和 echo 'COPY note.txt /' >> Dockerfile（也可以用 nano Dockerfile 编写），最后 docker build -t my-first:1 .",
  'lessons.images.build.success':
    '这是你自己的镜像：docker images 里现在有 my-first 1。它就是 hello-world 的那一层，再加上装着 note.txt 的新一层。docker history my-first:1 最上面一行就是 COPY note.txt /。最后一课会仔细讲 docker build 如何生成镜像层、又如何复用它们。',

  // ---- 2. 分层下载 ----
  'lessons.layers.title': '分层下载',
  'lessons.layers.intro':
    '镜像由一层一层的镜像层组成，Docker 也是逐层下载的。主机上已经有的层不会再下载，所以基于同一个基础镜像的多个镜像可以共享这一层。',
  'lessons.layers.pull-redis.text': '拉取 redis 镜像，观察下载过程：每一行带 ID 的就是一层。',
  'lessons.layers.pull-redis.hint': 'docker pull redis',
  'lessons.layers.pull-redis.success':
    '每一层都经过下载、校验、解压（"Pull complete"）。数一数有几层，待会儿要用到。',
  'lessons.layers.pull-nginx.text':
    '再拉取 nginx。redis 和 nginx 都基于 Debian，找找看有没有一行写着 "Already exists"。',
  'lessons.layers.pull-nginx.hint': 'docker pull nginx',
  'lessons.layers.pull-nginx.success':
    'Debian 基础层显示 "Already exists"：它是 redis 带来的，nginx 直接复用。这一层只存一份，由两个镜像共享。',
  'lessons.layers.inspect.text':
    '用 docker inspect 查看 redis 镜像的详细信息，找到靠近末尾的 "RootFS" 部分。',
  'lessons.layers.inspect.hint': 'docker inspect redis（然后向上翻，找到 "RootFS" 里的 "Layers"）',
  'lessons.layers.inspect.success':
    '"RootFS" 按从下到上的顺序列出各层，每一项是该层内容的 sha256 摘要（diffID）。',
  'lessons.layers.count.text': '数一数 RootFS 里有几层，和拉取时显示的层数比较一下。Go 模板可以帮你数。',
  'lessons.layers.count.hint':
    "docker inspect --format '{{len .RootFS.Layers}}' redis（用 docker history redis 也可以）",
  'lessons.layers.count.success':
    '数字与拉取时一致：下载的每一层都对应 RootFS 中的一项。在「层关系图」标签页里，可以看到两个镜像下面共享的 Debian 层。',

  // ---- 3. 联合文件系统 ----
  'lessons.unionfs.title': '联合文件系统（UnionFS）',
  'lessons.unionfs.intro':
    '联合文件系统把多个层叠在一起，呈现为一棵目录树。上层的文件会遮住下层同一路径的文件。镜像 layerlab/unionfs-demo 有三层：第一层是 file1 和 file2，第二层是 file3 和 file4，第三层是新版的 file3。',
  'lessons.unionfs.pull.text': '拉取这个演示镜像，数一数它有几层。',
  'lessons.unionfs.pull.hint': 'docker pull layerlab/unionfs-demo',
  'lessons.unionfs.pull.success': '下载了三层：Dockerfile 里的每个 COPY 步骤各对应一层。',
  'lessons.unionfs.history.text': '看看这个镜像是怎么一步步做出来的，最新的层在最上面。',
  'lessons.unionfs.history.hint': 'docker history layerlab/unionfs-demo',
  'lessons.unionfs.history.success':
    '从下往上读：先 COPY file1 file2，再 COPY file3 file4，最后又 COPY file3。最后这个就是新版的 file3。',
  'lessons.unionfs.run.text':
    '试着运行这个镜像。它的启动命令是 cat /file1 /file2 /file3 /file4，会发生什么？',
  'lessons.unionfs.run.hint': 'docker run --rm layerlab/unionfs-demo',
  'lessons.unionfs.run.success':
    '运行失败：找不到 "cat"。这个镜像基于 FROM scratch，只包含这四个文件，连 shell 和 cat 都没有。镜像里只有它各层中的内容，不多也不少。',
  'lessons.unionfs.create.text':
    '创建一个容器但不启动它。它的文件系统就是三层的联合，「层栈」视图会把它画出来。',
  'lessons.unionfs.create.hint': 'docker create --name demo layerlab/unionfs-demo',
  'lessons.unionfs.create.success':
    '「层栈」视图显示了这个容器：顶层目录下有四个文件。逐个选中文件，看看它来自哪一层：file1 和 file2 来自第 1 层，file4 来自第 2 层，file3 来自第 3 层，第 2 层里旧的 file3 被遮住了。',

  // ---- 4. bootfs 与 rootfs ----
  'lessons.rootfs.title': 'bootfs 与 rootfs',
  'lessons.rootfs.intro':
    'Linux 启动时先加载 bootfs（引导程序和内核），再挂载 rootfs，也就是我们熟悉的 /bin、/etc、/usr。容器不需要启动内核：所有容器都运行在宿主机的内核上，镜像里只带 rootfs。Ubuntu 和 Alpine 镜像已经为你准备好了。',
  'lessons.rootfs.host-kernel.text': '打印这台主机的内核版本。',
  'lessons.rootfs.host-kernel.hint': 'uname -r',
  'lessons.rootfs.host-kernel.success': '这就是主机启动的内核，记住它。',
  'lessons.rootfs.ubuntu-kernel.text': '在 Ubuntu 容器里查看内核版本。',
  'lessons.rootfs.ubuntu-kernel.hint': 'docker run --rm ubuntu uname -r',
  'lessons.rootfs.ubuntu-kernel.success': '和主机的完全一样：容器没有自己的内核。',
  'lessons.rootfs.alpine-kernel.text': '再换一个完全不同的发行版 Alpine 试试。',
  'lessons.rootfs.alpine-kernel.hint': 'docker run --rm alpine uname -r',
  'lessons.rootfs.alpine-kernel.success': '还是一样：所有容器共用宿主机的同一个内核。',
  'lessons.rootfs.ubuntu-os.text': '那它凭什么算 Ubuntu 呢？读一读记录系统名称的文件。',
  'lessons.rootfs.ubuntu-os.hint': 'docker run --rm ubuntu cat /etc/os-release',
  'lessons.rootfs.ubuntu-os.success': 'Ubuntu 24.04：这个文件来自 Ubuntu 镜像的 rootfs。',
  'lessons.rootfs.alpine-os.text': '在 Alpine 里读同一个文件。',
  'lessons.rootfs.alpine-os.hint': 'docker run --rm alpine cat /etc/os-release',
  'lessons.rootfs.alpine-os.success':
    'Alpine Linux：一套不同的 rootfs。发行版的区别就在这些文件上，底下的内核是共享的。',
  'lessons.rootfs.boot.text': '内核本该放在哪里？看看 Ubuntu 镜像里的 /boot。',
  'lessons.rootfs.boot.hint': 'docker run --rm ubuntu ls /boot',
  'lessons.rootfs.boot.success':
    '/boot 是空的：没有引导程序，也没有内核。这正是镜像比完整安装的系统小得多的原因。',

  // ---- 5. 容器层 ----
  'lessons.container-layer.title': '容器层',
  'lessons.container-layer.intro':
    '镜像层是只读的。容器启动时，Docker 会在最上面加一层薄薄的可写层。修改文件时，先把它复制到这一层（写时复制，copy-up）；删除文件时，留下一个 whiteout 标记把它遮住。nginx 镜像已经准备好了。',
  'lessons.container-layer.run.text':
    '在后台启动 nginx，容器命名为 web，并把它的 80 端口映射到主机的 8888 端口。',
  'lessons.container-layer.run.hint': 'docker run -d --name web -p 8888:80 nginx',
  'lessons.container-layer.run.success':
    '容器运行起来了。「层栈」视图在镜像层上方显示了它的可写层（RW）。打开「浏览器」标签页，可以在 8888 端口看到欢迎页。',
  'lessons.container-layer.exec.text': '在运行中的容器里打开一个 shell。',
  'lessons.container-layer.exec.hint': 'docker exec -it web /bin/bash',
  'lessons.container-layer.exec.success':
    '提示符变了：你现在在容器里面。输入 exit 之前，命令都在容器里执行。',
  'lessons.container-layer.look.text': '进入 nginx 提供网页的目录，列出里面的文件。',
  'lessons.container-layer.look.hint': '先 cd /usr/share/nginx/html，再 ls',
  'lessons.container-layer.look.success': '有两个页面：index.html（欢迎页）和 50x.html（错误页）。',
  'lessons.container-layer.backup.text': '把 index.html 改名为 index.html.bak，同时留意「层栈」视图。',
  'lessons.container-layer.backup.hint': 'mv index.html index.html.bak',
  'lessons.container-layer.backup.success':
    '文件以新名字被复制到了可写层，同时一个 whiteout 遮住了镜像层里原来的 index.html。',
  'lessons.container-layer.swap.text': '现在把错误页变成首页：把 50x.html 改名为 index.html。',
  'lessons.container-layer.swap.hint': 'mv 50x.html index.html',
  'lessons.container-layer.swap.success':
    '又一次写时复制，又一个 whiteout：镜像层里两个原始文件都还在，但容器看到的是你修改后的版本。',
  'lessons.container-layer.reload.text': '像教程里那样，让 nginx 重新加载。',
  'lessons.container-layer.reload.hint': '/usr/sbin/nginx -s reload',
  'lessons.container-layer.reload.success': 'nginx 已重新加载，现在提供的是新的 index.html。',
  'lessons.container-layer.leave.text': '退出容器的 shell，回到主机。',
  'lessons.container-layer.leave.hint': 'exit',
  'lessons.container-layer.leave.success': '回到主机了。容器还在运行，你的修改也都在。',
  'lessons.container-layer.curl.text':
    '访问 8888 端口的页面（或者刷新「浏览器」标签页）。现在看到的是哪个页面？',
  'lessons.container-layer.curl.hint': 'curl -s http://localhost:8888',
  'lessons.container-layer.curl.success': '是错误页：index.html 现在来自容器的可写层，而不是镜像。',
  'lessons.container-layer.diff.text': '列出容器相对于镜像做过的所有改动。',
  'lessons.container-layer.diff.hint': 'docker diff web',
  'lessons.container-layer.diff.success':
    'A 表示新增，C 表示修改，D 表示删除。D /usr/share/nginx/html/50x.html 就是 whiteout；A …/index.html.bak 和 C …/index.html 是复制上来的文件。只有这一层可写，镜像本身纹丝未动。',

  // ---- 6. 提交 ----
  'lessons.commit.title': '提交：把容器变成镜像',
  'lessons.commit.intro':
    'docker commit 会把容器的可写层固化成一个新的只读镜像层，有点像拍快照（或者 git commit）。一个名为 web 的 nginx 容器正在运行，它的 index.html 已经换成了错误页。',
  'lessons.commit.commit.text': '把容器 web 提交为新镜像 nginx01:1.0，并写上作者和说明。',
  'lessons.commit.commit.hint': 'docker commit -a="xiaomotong" -m="modify index.html" web nginx01:1.0',
  'lessons.commit.commit.success':
    'Docker 打印出新镜像的 ID（sha256:…）。「层栈」视图显示可写层被固化成了一个新的镜像层。',
  'lessons.commit.images.text': '列出所有镜像。',
  'lessons.commit.images.hint': 'docker images',
  'lessons.commit.images.success':
    'nginx01 1.0 出现了，比 nginx 稍大一点：多出来的那一层只包含容器改动过的文件。',
  'lessons.commit.history.text': '查看新镜像的历史。',
  'lessons.commit.history.hint': 'docker history nginx01:1.0',
  'lessons.commit.history.success':
    '最上面多了一层，COMMENT 列里是你写的说明。下面各行都是 nginx 自己的层，是共享的，并没有复制。',
  'lessons.commit.run.text':
    '用新镜像在 8889 端口启动一个容器，然后访问它的页面（或在「浏览器」标签页打开 8889 端口）。',
  'lessons.commit.run.hint': 'docker run -d -p 8889:80 nginx01:1.0，然后 curl -s http://localhost:8889',
  'lessons.commit.run.success': '一个全新的容器显示的也是错误页：修改现在已经保存在镜像里了。',
  'lessons.commit.rm.text': '删除原来的容器 web，即使它还在运行。',
  'lessons.commit.rm.hint': 'docker rm -f web',
  'lessons.commit.rm.success': '容器和它的可写层都没了。',
  'lessons.commit.persist.text': '镜像里还有你的修改吗？在一个新容器里读一下 index.html。',
  'lessons.commit.persist.hint': 'docker run --rm nginx01:1.0 cat /usr/share/nginx/html/index.html',
  'lessons.commit.persist.success': '还是错误页。删除容器不会影响由它提交出来的镜像。',

  // ---- 7. 删除 ----
  'lessons.delete.title': '删除文件不会让镜像变小',
  'lessons.delete.intro':
    '每一层都会按生成时的样子保存下来。如果一层添加了一个大文件，下一层再把它删除，这个文件只是被 whiteout 遮住了：它的数据仍然在镜像里，下载时也照样要下载。nginx 镜像已经准备好了。',
  'lessons.delete.add.text': '添加一个大文件：在名为 fat 的新容器里，把一个 31 MB 的库文件复制成 /big.bin。',
  'lessons.delete.add.hint':
    'docker run --name fat nginx cp /usr/lib/x86_64-linux-gnu/libicudata.so.72.1 /big.bin',
  'lessons.delete.add.success': '容器的可写层里现在有大约 31 MB 的数据。',
  'lessons.delete.commit-big.text': '把它提交为镜像 fat:1。',
  'lessons.delete.commit-big.hint': 'docker commit fat fat:1',
  'lessons.delete.commit-big.success': 'fat:1 在 nginx 之上多了一个 31 MB 的新层。',
  'lessons.delete.remove.text': '现在在一个名为 slim 的 fat:1 容器里，把这个文件删掉。',
  'lessons.delete.remove.hint': 'docker run --name slim fat:1 rm /big.bin',
  'lessons.delete.remove.success':
    '在 slim 里已经看不到这个文件了：它的可写层里有一个 /big.bin 的 whiteout。',
  'lessons.delete.commit-small.text': '把这个容器提交为 fat:2。它会变小吗？',
  'lessons.delete.commit-small.hint': 'docker commit slim fat:2',
  'lessons.delete.commit-small.success': 'fat:2 做好了。来比较一下大小。',
  'lessons.delete.images.text': '列出镜像，比较 fat:1 和 fat:2。',
  'lessons.delete.images.hint': 'docker images',
  'lessons.delete.images.success': 'fat:2 和 fat:1 一样大，尽管 /big.bin 在 fat:2 里已经不存在了。',
  'lessons.delete.history.text': '找找空间都去哪儿了。',
  'lessons.delete.history.hint': 'docker history fat:2',
  'lessons.delete.history.success':
    '最上面一层（rm /big.bin）是 0B，只有一个 whiteout；下面那一层仍然占着 31 MB。在「层栈」视图中选中 fat:2，就能看到这两层。想让镜像小，就要在创建文件的同一步里把它删掉。',

  // ---- 8. 构建 ----
  'lessons.build.title': '构建：每条指令一层，缓存跟着顺序走',
  'lessons.build.intro':
    'docker build 从上到下执行 Dockerfile。每条 RUN、COPY、ADD 都会生成新的一层；其他指令（CMD、ENV、EXPOSE…）只修改配置。Docker 会把每一步存进构建缓存：只要这一步和它上面的所有步骤都没变，就直接复用（CACHED）。你的主目录里有一个小应用：app.txt（应用本身）、packages.txt（它的依赖，类似 package.json）和一个 Dockerfile。debian:bookworm-slim 镜像已经准备好了。',
  'lessons.build.build.text':
    '先读一读 Dockerfile，然后把它构建成 myapp。它先复制整个应用，再安装 packages.txt 里列出的软件包。',
  'lessons.build.build.hint':
    'cat Dockerfile，然后 docker build -t myapp .（最后的点是构建上下文：当前目录）',
  'lessons.build.build.success':
    '构建完成。每一行 [n/m] 就是 Dockerfile 的一步。RUN 这一步下载并安装了 curl，是整个构建里最慢的部分。',
  'lessons.build.history.text': '列出 myapp 的各层，最新的在最上面。',
  'lessons.build.history.hint': 'docker history myapp',
  'lessons.build.history.success':
    '从下往上读：先是 debian 自己的层，然后 Dockerfile 的每条指令各占一行。COPY 和 RUN 有大小，它们生成了镜像层；CMD 是 0B，它只是一项配置，不是一层。',
  'lessons.build.change.text': '现在来改应用：修改 app.txt 的内容，再构建一次。这次哪些步骤是 CACHED？',
  'lessons.build.change.hint': "echo 'Hello from my app, version 2' > app.txt，然后 docker build -t myapp .",
  'lessons.build.change.success':
    '因为复制的文件变了，COPY . /app 重新执行，它后面的 RUN 也跟着重新执行：一步变了，它下面的所有步骤都会失效。虽然 packages.txt 没有变，软件包还是又装了一遍。',
  'lessons.build.reorder.text':
    '调整顺序：先单独复制 packages.txt，执行安装，最后再复制应用的其余部分。重写 Dockerfile（或用 nano 编辑），然后构建。',
  'lessons.build.reorder.hint':
    '新的 Dockerfile：FROM debian:bookworm-slim、COPY packages.txt /app/、RUN apt-get update && apt-get install -y $(cat /app/packages.txt)、COPY . /app、CMD ["cat", "/app/app.txt"]；然后 docker build -t myapp .',
  'lessons.build.reorder.success':
    '按新顺序构建完成。安装又执行了一次，因为它上面的步骤变了。调整顺序的好处要在下一次构建时才能看到。',
  'lessons.build.cached.text': '再改一次 app.txt，然后重新构建。注意看 RUN 这一步。',
  'lessons.build.cached.hint': "echo 'Hello from my app, version 3' > app.txt，然后 docker build -t myapp .",
  'lessons.build.cached.success':
    'RUN 这一步显示 CACHED：它上面的步骤都没变，所以 Docker 直接复用了它的那一层，只有 COPY . /app 重新执行。把很少变化的内容（依赖清单和安装）放在经常变化的内容（你的代码）前面。',
  'lessons.build.run.text': '运行刚刚构建好的镜像。',
  'lessons.build.run.hint': 'docker run --rm myapp',
  'lessons.build.run.success':
    '它打印出最新的 app.txt：最后那个 COPY 层装着你的修改，下面的安装层还是之前构建好的那一层。',
};
