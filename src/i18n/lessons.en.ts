// English messages for the lessons part of the page. Keys are prefixed 'lessons.'.
// Lesson texts: lessons.<lesson>.title|intro and lessons.<lesson>.<step>.text|hint|success (the ids in
// src/lessons/lessons.ts). Commands, paths and output stay exactly as typed or printed.

export const lessonsEn = {
  // ---- the panel ----
  'lessons.ui.heading': 'Lessons',
  'lessons.ui.menu': 'Choose a lesson',
  'lessons.ui.progress': '{done}/{total} steps',
  'lessons.ui.complete': 'Complete',
  'lessons.ui.step': 'Step {n} of {total}',
  'lessons.ui.hint': 'Hint',
  'lessons.ui.hideHint': 'Hide hint',
  'lessons.ui.showMe': 'Show me',
  'lessons.ui.showMeBusy': 'Wait for the terminal to finish',
  'lessons.ui.next': 'Next step',
  'lessons.ui.previous': 'Previous step',
  'lessons.ui.finish': 'Back to the lessons',
  'lessons.ui.restart': 'Restart lesson',
  'lessons.ui.restarting': 'Setting up the lesson…',
  'lessons.ui.menuBack': 'All lessons',
  'lessons.ui.done': 'Done:',
  'lessons.ui.todo': 'Your goal:',
  'lessons.ui.lessonDone': 'Lesson complete. Well done!',
  'lessons.ui.restartNote': 'Restarting empties the host and sets up this lesson’s starting point.',
  'lessons.ui.needsSetup': 'This lesson starts from a prepared host: press “Restart lesson” to set it up.',
  'lessons.ui.steps': 'Steps',
  'lessons.ui.stepDone': '{n}. done',
  'lessons.ui.stepTodo': '{n}. not done yet',

  // ---- 1. images ----
  'lessons.images.title': 'What an image is',
  'lessons.images.intro':
    'An image is a read-only package with everything a program needs to run: its files, libraries, settings and the command to start. There are three ways to get one: pull it from a registry, copy (tag) one you already have, or build your own. This lesson tries all three.',
  'lessons.images.list.text': 'See which images this host has. Right now it is a fresh machine.',
  'lessons.images.list.hint': 'The command is docker images (or docker image ls).',
  'lessons.images.list.success': 'The list is empty: only the column headings. Time to get an image.',
  'lessons.images.pull.text':
    'Way one: download an image from a registry (Docker Hub). Pull the tiny hello-world image.',
  'lessons.images.pull.hint': 'Type docker pull followed by the image name: hello-world.',
  'lessons.images.pull.success': 'The image arrived from the registry and is now stored on this host.',
  'lessons.images.run.text':
    'An image is made to run. Start a container from hello-world and read what it prints.',
  'lessons.images.run.hint': 'docker run hello-world',
  'lessons.images.run.success':
    'The container ran the program packed in the image and printed its greeting. The image itself did not change.',
  'lessons.images.tag.text':
    'Way two: copy an image you already have by giving it a new name with docker tag. Call it my-hello:1.0.',
  'lessons.images.tag.hint': 'docker tag SOURCE TARGET, here docker tag hello-world my-hello:1.0',
  'lessons.images.tag.success': 'The image now has a second name.',
  'lessons.images.compare.text': 'List the images again and compare the IMAGE ID column of the two names.',
  'lessons.images.compare.hint': 'docker images',
  'lessons.images.compare.success':
    'Both names show the same IMAGE ID: a tag is only a new name for the same layers, no bytes were copied. One way is left: building your own image.',
  'lessons.images.build.text':
    'Way three: build your own image. A Dockerfile is the recipe: FROM names the image to start from, and each following instruction adds to it. Put a small file next to a two-line Dockerfile (FROM hello-world, then COPY note.txt /), then build it with the name my-first:1 (any name works).',
  'lessons.images.build.hint':
    "echo 'made by me' > note.txt, then echo 'FROM hello-world' > Dockerfile and echo 'COPY note.txt /' >> Dockerfile (or write it in nano Dockerfile), then docker build -t my-first:1 .",
  'lessons.images.build.success':
    'Your own image: docker images now lists my-first 1. It is hello-world’s layer with one new layer on top that holds note.txt. docker history my-first:1 shows COPY note.txt / as the newest row. The last lesson looks closely at how docker build makes layers and reuses them.',

  // ---- 2. layers ----
  'lessons.layers.title': 'Layered download',
  'lessons.layers.intro':
    'Images are made of layers, and Docker downloads them layer by layer. A layer this host already has is never downloaded again, so images built on the same base share it.',
  'lessons.layers.pull-redis.text':
    'Pull the redis image and watch the download: each line with an id is one layer.',
  'lessons.layers.pull-redis.hint': 'docker pull redis',
  'lessons.layers.pull-redis.success':
    'Each layer was downloaded, checked and unpacked ("Pull complete"). Count the layers: you will need the number soon.',
  'lessons.layers.pull-nginx.text':
    'Now pull nginx. Both redis and nginx are built on Debian. Look for a line that says "Already exists".',
  'lessons.layers.pull-nginx.hint': 'docker pull nginx',
  'lessons.layers.pull-nginx.success':
    'The Debian base layer says "Already exists": redis brought it, so nginx reuses it. It is stored once and shared by both images.',
  'lessons.layers.inspect.text':
    'Look inside the redis image with docker inspect and find the "RootFS" section near the end.',
  'lessons.layers.inspect.hint': 'docker inspect redis (then scroll up to "RootFS": "Layers")',
  'lessons.layers.inspect.success':
    '"RootFS" lists the layers as sha256 digests of their contents (diffIDs), bottom layer first.',
  'lessons.layers.count.text':
    'Count the layers in RootFS and compare with the number of layers the pull showed. A Go template can count for you.',
  'lessons.layers.count.hint':
    "docker inspect --format '{{len .RootFS.Layers}}' redis (docker history redis works too)",
  'lessons.layers.count.success':
    'The number matches the pull: every layer you downloaded is one entry in RootFS. The Layer graph tab shows the shared Debian layer under both images.',

  // ---- 3. unionfs ----
  'lessons.unionfs.title': 'The union filesystem',
  'lessons.unionfs.intro':
    'A union filesystem stacks layers and shows them as one tree. A file in a higher layer hides the same path in the layers below. The image layerlab/unionfs-demo has three layers: file1 and file2, then file3 and file4, then a newer file3.',
  'lessons.unionfs.pull.text': 'Pull the demo image and count its layers.',
  'lessons.unionfs.pull.hint': 'docker pull layerlab/unionfs-demo',
  'lessons.unionfs.pull.success': 'Three layers were downloaded: one per COPY step of its Dockerfile.',
  'lessons.unionfs.history.text': 'See how the image was made, newest layer at the top.',
  'lessons.unionfs.history.hint': 'docker history layerlab/unionfs-demo',
  'lessons.unionfs.history.success':
    'Read it from the bottom: COPY file1 file2, then COPY file3 file4, then COPY file3 again. The last one is the newer file3.',
  'lessons.unionfs.run.text':
    'Try to run the image. Its command is cat /file1 /file2 /file3 /file4. What happens?',
  'lessons.unionfs.run.hint': 'docker run --rm layerlab/unionfs-demo',
  'lessons.unionfs.run.success':
    'It fails: "cat" is not found. The image starts FROM scratch and holds only these four files, not even a shell or cat. An image carries exactly what its layers contain.',
  'lessons.unionfs.create.text':
    'Create a container without starting it. Its filesystem is the union of the three layers, and the Stack panel shows it.',
  'lessons.unionfs.create.hint': 'docker create --name demo layerlab/unionfs-demo',
  'lessons.unionfs.create.success':
    'The Stack panel shows the container: four files at the top level. Select each file to see which layer supplies it: file1 and file2 come from layer 1, file4 from layer 2, and file3 from layer 3; the older file3 in layer 2 is hidden.',

  // ---- 4. rootfs ----
  'lessons.rootfs.title': 'bootfs and rootfs',
  'lessons.rootfs.intro':
    'A Linux system boots with bootfs (the boot loader and the kernel), then mounts rootfs, the familiar /bin, /etc, /usr. Containers do not boot: they all run on the host’s kernel, and an image carries only a rootfs. Ubuntu and Alpine images are prepared for you.',
  'lessons.rootfs.host-kernel.text': 'Print the kernel release of this host.',
  'lessons.rootfs.host-kernel.hint': 'uname -r',
  'lessons.rootfs.host-kernel.success': 'This is the kernel the host booted. Remember it.',
  'lessons.rootfs.ubuntu-kernel.text': 'Ask an Ubuntu container for its kernel release.',
  'lessons.rootfs.ubuntu-kernel.hint': 'docker run --rm ubuntu uname -r',
  'lessons.rootfs.ubuntu-kernel.success':
    'The same release as the host: the container has no kernel of its own.',
  'lessons.rootfs.alpine-kernel.text': 'Now ask an Alpine container, a completely different distribution.',
  'lessons.rootfs.alpine-kernel.hint': 'docker run --rm alpine uname -r',
  'lessons.rootfs.alpine-kernel.success':
    'Again the same: every container shares the one kernel of the host.',
  'lessons.rootfs.ubuntu-os.text': 'So what makes it Ubuntu? Read the file that names the system.',
  'lessons.rootfs.ubuntu-os.hint': 'docker run --rm ubuntu cat /etc/os-release',
  'lessons.rootfs.ubuntu-os.success': 'Ubuntu 24.04: this file comes from the Ubuntu image’s rootfs.',
  'lessons.rootfs.alpine-os.text': 'Read the same file in Alpine.',
  'lessons.rootfs.alpine-os.hint': 'docker run --rm alpine cat /etc/os-release',
  'lessons.rootfs.alpine-os.success':
    'Alpine Linux: a different rootfs. The distribution is the files; the kernel underneath is shared.',
  'lessons.rootfs.boot.text': 'Where would a kernel live? Look in /boot of the Ubuntu image.',
  'lessons.rootfs.boot.hint': 'docker run --rm ubuntu ls /boot',
  'lessons.rootfs.boot.success':
    '/boot is empty: no boot loader, no kernel. That is why images are so much smaller than a full installation.',

  // ---- 5. container-layer ----
  'lessons.container-layer.title': 'The container layer',
  'lessons.container-layer.intro':
    'Image layers are read-only. When a container starts, Docker puts a thin writable layer on top. Changing a file copies it up into that layer first (copy-up); deleting a file leaves a whiteout that hides it. The nginx image is ready.',
  'lessons.container-layer.run.text':
    'Start nginx in the background, name the container web, and publish its port 80 on the host’s port 8888.',
  'lessons.container-layer.run.hint': 'docker run -d --name web -p 8888:80 nginx',
  'lessons.container-layer.run.success':
    'The container runs. The Stack panel shows its writable layer (RW) on top of the image layers. Open the Browser tab to see the welcome page on port 8888.',
  'lessons.container-layer.exec.text': 'Open a shell inside the running container.',
  'lessons.container-layer.exec.hint': 'docker exec -it web /bin/bash',
  'lessons.container-layer.exec.success':
    'The prompt changed: you are now inside the container. Commands run there until you type exit.',
  'lessons.container-layer.look.text': 'Go to the folder nginx serves and list it.',
  'lessons.container-layer.look.hint': 'cd /usr/share/nginx/html, then ls',
  'lessons.container-layer.look.success':
    'Two pages: index.html (the welcome page) and 50x.html (the error page).',
  'lessons.container-layer.backup.text': 'Rename index.html to index.html.bak. Watch the Stack panel.',
  'lessons.container-layer.backup.hint': 'mv index.html index.html.bak',
  'lessons.container-layer.backup.success':
    'The file was copied up into the writable layer under its new name, and a whiteout now hides the old index.html of the image layer.',
  'lessons.container-layer.swap.text':
    'Now make the error page the home page: rename 50x.html to index.html.',
  'lessons.container-layer.swap.hint': 'mv 50x.html index.html',
  'lessons.container-layer.swap.success':
    'Another copy-up and another whiteout: the image layer still holds both original files, but the container sees your version.',
  'lessons.container-layer.reload.text': 'Tell nginx to reload, as the tutorial does.',
  'lessons.container-layer.reload.hint': '/usr/sbin/nginx -s reload',
  'lessons.container-layer.reload.success': 'nginx reloaded and now serves the new index.html.',
  'lessons.container-layer.leave.text': 'Leave the container shell and return to the host.',
  'lessons.container-layer.leave.hint': 'exit',
  'lessons.container-layer.leave.success':
    'Back on the host. The container keeps running, with your changes.',
  'lessons.container-layer.curl.text':
    'Fetch the page on port 8888 (or reload the Browser tab). Which page do you get now?',
  'lessons.container-layer.curl.hint': 'curl -s http://localhost:8888',
  'lessons.container-layer.curl.success':
    'The error page: index.html now comes from the container’s writable layer, not from the image.',
  'lessons.container-layer.diff.text': 'List everything the container changed compared to its image.',
  'lessons.container-layer.diff.hint': 'docker diff web',
  'lessons.container-layer.diff.success':
    'A means added, C changed, D deleted. D /usr/share/nginx/html/50x.html is the whiteout; A …/index.html.bak and C …/index.html are the copied-up files. Only this layer is writable; the image is untouched.',

  // ---- 6. commit ----
  'lessons.commit.title': 'Commit: a container becomes an image',
  'lessons.commit.intro':
    'docker commit turns a container’s writable layer into a new read-only image layer, a little like a snapshot (or a git commit). A container named web is running nginx with index.html already swapped for the error page.',
  'lessons.commit.commit.text':
    'Commit the container web as a new image nginx01:1.0, with an author and a message.',
  'lessons.commit.commit.hint': 'docker commit -a="xiaomotong" -m="modify index.html" web nginx01:1.0',
  'lessons.commit.commit.success':
    'Docker printed the new image’s id (sha256:…). The Stack panel shows the writable layer frozen into a new image layer.',
  'lessons.commit.images.text': 'List the images.',
  'lessons.commit.images.hint': 'docker images',
  'lessons.commit.images.success':
    'nginx01 1.0 is there, a little bigger than nginx: its extra layer holds only the files the container changed.',
  'lessons.commit.history.text': 'Look at the history of the new image.',
  'lessons.commit.history.hint': 'docker history nginx01:1.0',
  'lessons.commit.history.success':
    'One new layer on top, with your message in the COMMENT column. Every row below is nginx’s own layers, shared, not copied.',
  'lessons.commit.run.text':
    'Start a container from the new image on port 8889, then fetch its page (or open port 8889 in the Browser tab).',
  'lessons.commit.run.hint': 'docker run -d -p 8889:80 nginx01:1.0, then curl -s http://localhost:8889',
  'lessons.commit.run.success':
    'A brand-new container shows the error page: the change lives in the image now.',
  'lessons.commit.rm.text': 'Remove the original container web, even though it is running.',
  'lessons.commit.rm.hint': 'docker rm -f web',
  'lessons.commit.rm.success': 'The container and its writable layer are gone.',
  'lessons.commit.persist.text':
    'Does the image still have your change? Read index.html from a new container.',
  'lessons.commit.persist.hint': 'docker run --rm nginx01:1.0 cat /usr/share/nginx/html/index.html',
  'lessons.commit.persist.success':
    'Still the error page. Removing a container never touches the images made from it.',

  // ---- 7. delete ----
  'lessons.delete.title': 'Deleting does not shrink an image',
  'lessons.delete.intro':
    'Every layer is kept as it was made. If one layer adds a big file and the next layer deletes it, the file is only hidden by a whiteout: its bytes are still in the image, and still downloaded. The nginx image is ready.',
  'lessons.delete.add.text': 'Add a big file: copy a 31 MB library to /big.bin in a new container named fat.',
  'lessons.delete.add.hint':
    'docker run --name fat nginx cp /usr/lib/x86_64-linux-gnu/libicudata.so.72.1 /big.bin',
  'lessons.delete.add.success': 'The container’s writable layer now holds about 31 MB.',
  'lessons.delete.commit-big.text': 'Commit it as the image fat:1.',
  'lessons.delete.commit-big.hint': 'docker commit fat fat:1',
  'lessons.delete.commit-big.success': 'fat:1 has a new 31 MB layer on top of nginx.',
  'lessons.delete.remove.text': 'Now delete the file again, in a container of fat:1 named slim.',
  'lessons.delete.remove.hint': 'docker run --name slim fat:1 rm /big.bin',
  'lessons.delete.remove.success':
    'The file is gone from slim’s view: its writable layer holds a whiteout for /big.bin.',
  'lessons.delete.commit-small.text': 'Commit that container as fat:2. Will it be smaller?',
  'lessons.delete.commit-small.hint': 'docker commit slim fat:2',
  'lessons.delete.commit-small.success': 'fat:2 is made. Now compare the sizes.',
  'lessons.delete.images.text': 'List the images and compare fat:1 and fat:2.',
  'lessons.delete.images.hint': 'docker images',
  'lessons.delete.images.success':
    'fat:2 is exactly as big as fat:1, even though /big.bin does not exist in it.',
  'lessons.delete.history.text': 'Find out where the space went.',
  'lessons.delete.history.hint': 'docker history fat:2',
  'lessons.delete.history.success':
    'The top layer (rm /big.bin) is 0B: a whiteout only. The layer below still holds the 31 MB. In the Stack panel, focus fat:2 to see both layers. To keep images small, delete files in the same step that creates them.',

  // ---- 8. build ----
  'lessons.build.title': 'Build: one layer per instruction, and the cache follows the order',
  'lessons.build.intro':
    'docker build runs a Dockerfile from top to bottom. Each RUN, COPY and ADD makes a new layer; other instructions (CMD, ENV, EXPOSE…) only change the settings. Docker keeps every step in a build cache: a step is reused (CACHED) while it and everything above it are unchanged. Your home holds a small app: app.txt (the app), packages.txt (its dependencies, like a package.json) and a Dockerfile. The debian:bookworm-slim image is ready.',
  'lessons.build.build.text':
    'Read the Dockerfile, then build it as myapp. It copies the whole app, then installs the packages listed in packages.txt.',
  'lessons.build.build.hint':
    'cat Dockerfile, then docker build -t myapp . (the dot is the build context: this folder)',
  'lessons.build.build.success':
    'Built. Every [n/m] line is one step of the Dockerfile. The RUN step downloaded and installed curl: the slow part of this build.',
  'lessons.build.history.text': 'List the layers of myapp, newest first.',
  'lessons.build.history.hint': 'docker history myapp',
  'lessons.build.history.success':
    'Read from the bottom: debian’s own layer, then one row per instruction of your Dockerfile. COPY and RUN have a size: they made layers. CMD is 0B: it is a setting, not a layer.',
  'lessons.build.change.text':
    'Now work on the app: change one line of app.txt and build again. Which steps are CACHED this time?',
  'lessons.build.change.hint': "echo 'Hello from my app, version 2' > app.txt, then docker build -t myapp .",
  'lessons.build.change.success':
    'COPY . /app ran again because a copied file changed, and so did the RUN after it: a changed step invalidates every step below it. The packages were installed again although packages.txt did not change.',
  'lessons.build.reorder.text':
    'Fix the order: copy packages.txt alone, run the install, and only then copy the rest of the app. Rewrite the Dockerfile (or edit it in nano) and build.',
  'lessons.build.reorder.hint':
    'The new Dockerfile: FROM debian:bookworm-slim, COPY packages.txt /app/, RUN apt-get update && apt-get install -y $(cat /app/packages.txt), COPY . /app, CMD ["cat", "/app/app.txt"]; then docker build -t myapp .',
  'lessons.build.reorder.success':
    'Built with the new order. The install ran once more, because the steps above it changed. The next build is where the order pays off.',
  'lessons.build.cached.text': 'Change app.txt again and rebuild. Watch the RUN step.',
  'lessons.build.cached.hint': "echo 'Hello from my app, version 3' > app.txt, then docker build -t myapp .",
  'lessons.build.cached.success':
    'The RUN step is CACHED: nothing above it changed, so Docker reused its layer. Only COPY . /app ran again. Put what changes rarely (the dependency list and its install) before what changes often (your code).',
  'lessons.build.run.text': 'Run the image you just built.',
  'lessons.build.run.hint': 'docker run --rm myapp',
  'lessons.build.run.success':
    'It prints the newest app.txt: the last COPY layer holds your change, and the install layer below it is the one built before.',
} as const;
