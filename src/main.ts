import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount Layer Lab into');

export default mount(App, { target });
