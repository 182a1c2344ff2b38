import { Module } from '@nestjs/common';
import { HomeController } from './home/home.controller';

/** Staff pages (GOV.UK Frontend through Nunjucks). */
@Module({ controllers: [HomeController] })
export class WebModule {}
